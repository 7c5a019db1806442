{# One row per shipment delivered on or before the as-of date (status DELIVERED), with what the
   carrier scorecard measures. The lane is origin plant -> destination country (the ship-to
   customer's country); the month is the UTC month of delivery; the segment is the ship-to
   customer's (unsegmented when it has none). On time: picked up / delivered at most the
   tolerance of seed carrier_scorecard_parameters after plan. Transit is pick-up to delivery
   against the promise (planned pick-up to planned delivery). Freight cost is every charge
   invoiced by the as-of date except RETURN (reporting currency); a RETURN charge is the
   claim signal. Cost medians are per lane, mode and month over the costed shipments of all
   carriers. #}
with

shipments as (
    select * from {{ ref('fct_shipments') }}
),

charges as (
    select * from {{ ref('fct_freight_charges') }}
),

customers as (
    select * from {{ ref('dim_customer') }}
),

segments as (
    select * from {{ ref('dim_customer_segments') }}
),

temperature as (
    select * from {{ ref('int_shipment_temperature_compliance') }}
),

parameters as (
    select on_time_tolerance_minutes from {{ ref('carrier_scorecard_parameters') }}
),

as_of as (
    select as_of_date from {{ ref('int_as_of') }}
),

shipment_charges as (
    select
        charges.shipment_id,
        {{ exact_sum("case when upper(charges.charge_type) <> 'RETURN' then charges.amount_rc end") }}
            as freight_cost_rc,
        count(case when upper(charges.charge_type) <> 'RETURN' then 1 end) as freight_charges,
        count(case when upper(charges.charge_type) = 'RETURN' then 1 end) as return_charges
    from charges
    cross join as_of
    where charges.invoice_date <= as_of.as_of_date
    group by charges.shipment_id
),

delivered as (
    select
        shipments.shipment_id,
        cast({{ dbt.date_trunc('month', 'shipments.delivered_at') }} as date) as month,
        shipments.carrier_id,
        shipments.mode,
        shipments.origin_plant_id,
        coalesce(customers.country, 'UNKNOWN') as destination_country,
        coalesce(segments.customer_segment, 'unsegmented') as customer_segment,
        shipments.weight_kg,
        shipments.is_temperature_controlled,
        parameters.on_time_tolerance_minutes,
        {{ seconds_between('shipments.planned_pickup_at', 'shipments.picked_up_at') }} as pickup_delay_seconds,
        {{ seconds_between('shipments.planned_delivery_at', 'shipments.delivered_at') }} as delivery_delay_seconds,
        {{ seconds_between('shipments.picked_up_at', 'shipments.delivered_at') }} as transit_seconds,
        {{ seconds_between('shipments.planned_pickup_at', 'shipments.planned_delivery_at') }} as promised_seconds,
        case when shipment_charges.freight_charges > 0 then shipment_charges.freight_cost_rc end
            as freight_cost_rc,
        coalesce(shipment_charges.return_charges, 0) > 0 as has_claim,
        temperature.is_monitored,
        temperature.is_temperature_compliant,
        temperature.minutes_out_of_range
    from shipments
    cross join parameters
    cross join as_of
    left join customers
        on shipments.ship_to_customer_id = customers.customer_id
    left join segments
        on shipments.ship_to_customer_id = segments.customer_id
    left join shipment_charges
        on shipments.shipment_id = shipment_charges.shipment_id
    left join temperature
        on shipments.shipment_id = temperature.shipment_id
    where
        shipments.status = 'DELIVERED'
        and shipments.picked_up_at is not null
        and shipments.delivered_at is not null
        and cast(shipments.delivered_at as date) <= as_of.as_of_date
),

costed as (
    select
        delivered.shipment_id,
        delivered.month,
        delivered.carrier_id,
        delivered.mode,
        delivered.origin_plant_id,
        delivered.destination_country,
        delivered.customer_segment,
        delivered.weight_kg,
        delivered.is_temperature_controlled,
        delivered.pickup_delay_seconds <= 60 * delivered.on_time_tolerance_minutes as is_on_time_pickup,
        delivered.delivery_delay_seconds <= 60 * delivered.on_time_tolerance_minutes as is_on_time_delivery,
        cast(delivered.transit_seconds as double) / 3600 as transit_hours,
        cast(delivered.promised_seconds as double) / 3600 as promised_transit_hours,
        delivered.transit_seconds <= delivered.promised_seconds as is_within_promise,
        delivered.freight_cost_rc,
        case when delivered.weight_kg > 0 then delivered.freight_cost_rc / delivered.weight_kg end
            as freight_cost_per_kg,
        delivered.has_claim,
        delivered.is_monitored,
        delivered.is_temperature_compliant,
        delivered.minutes_out_of_range
    from delivered
),

lane_medians as (
    select
        month,
        mode,
        origin_plant_id,
        destination_country,
        {{ median('freight_cost_rc') }} as lane_median_cost_per_shipment,
        {{ median('freight_cost_per_kg') }} as lane_median_cost_per_kg
    from costed
    where freight_cost_rc is not null
    group by month, mode, origin_plant_id, destination_country
),

final as (
    select
        costed.*,
        lane_medians.lane_median_cost_per_shipment,
        lane_medians.lane_median_cost_per_kg,
        case
            when costed.freight_cost_per_kg is not null
                then costed.freight_cost_per_kg <= lane_medians.lane_median_cost_per_kg
        end as is_cost_at_or_below_median
    from costed
    left join lane_medians
        on
            costed.month = lane_medians.month
            and costed.mode = lane_medians.mode
            and costed.origin_plant_id = lane_medians.origin_plant_id
            and costed.destination_country = lane_medians.destination_country
)

select * from final
