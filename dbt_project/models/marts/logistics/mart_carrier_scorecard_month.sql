{# BI contract: one row per month, carrier, mode, lane (origin plant -> destination country)
   and customer segment with the carrier scorecard. #}
with

scorecard as (
    select * from {{ ref('int_carrier_scorecard_month') }}
),

final as (
    select
        month,
        carrier_id,
        mode,
        origin_plant_id,
        destination_country,
        customer_segment,
        shipments,
        weight_kg,
        on_time_pickup_rate,
        on_time_delivery_rate,
        transit_hours_mean,
        promised_transit_hours_mean,
        transit_within_promise_rate,
        costed_shipments,
        freight_cost_rc,
        cost_per_shipment,
        cost_per_kg,
        lane_median_cost_per_shipment,
        lane_median_cost_per_kg,
        cost_per_shipment_index,
        cost_per_kg_index,
        cost_at_or_below_median_rate,
        claim_shipments,
        claim_rate,
        temperature_controlled_shipments,
        monitored_shipments,
        temperature_compliant_shipments,
        temperature_compliance_rate,
        minutes_out_of_range,
        weighted_score
    from scorecard
)

select * from final
