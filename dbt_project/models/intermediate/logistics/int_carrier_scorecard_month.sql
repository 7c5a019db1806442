{# Carrier scorecard per month (of delivery), carrier, mode, lane (origin plant -> destination
   country) and customer segment, over int_carrier_shipments_scored. Rates average 1/0
   integers (a double on both engines). Cost per shipment and per kg are over the costed
   shipments (a charge invoiced by the as-of date); the lane medians are the lane's, mode's
   and month's over all carriers, and the cost indexes divide by them (1 = at the median).
   weighted_score applies the segment's weights (seed carrier_scorecard_weights) to the
   month's rates; rates undefined in the group (no costed or no monitored temperature-
   controlled shipment) drop out and the remaining weights are rescaled, as in the supplier
   scorecard, so the score stays in [0, 1]. #}
with

shipments as (
    select * from {{ ref('int_carrier_shipments_scored') }}
),

weights as (
    select * from {{ ref('carrier_scorecard_weights') }}
),

grouped as (
    select
        month,
        carrier_id,
        mode,
        origin_plant_id,
        destination_country,
        customer_segment,
        count(*) as shipments,
        {{ exact_sum('weight_kg') }} as weight_kg,
        {{ exact_avg("case when is_on_time_pickup then 1 when not is_on_time_pickup then 0 end") }}
            as on_time_pickup_rate,
        {{ exact_avg("case when is_on_time_delivery then 1 when not is_on_time_delivery then 0 end") }}
            as on_time_delivery_rate,
        {{ exact_avg('transit_hours') }} as transit_hours_mean,
        {{ exact_avg('promised_transit_hours') }} as promised_transit_hours_mean,
        {{ exact_avg("case when is_within_promise then 1 when not is_within_promise then 0 end") }}
            as transit_within_promise_rate,
        count(freight_cost_rc) as costed_shipments,
        {{ exact_sum('freight_cost_rc') }} as freight_cost_rc,
        {{ exact_sum('case when freight_cost_rc is not null then weight_kg end') }} as costed_weight_kg,
        max(lane_median_cost_per_shipment) as lane_median_cost_per_shipment,
        max(lane_median_cost_per_kg) as lane_median_cost_per_kg,
        {% call exact_avg() %}
            case when is_cost_at_or_below_median then 1 when not is_cost_at_or_below_median then 0 end
        {% endcall %} as cost_at_or_below_median_rate,
        count(case when has_claim then 1 end) as claim_shipments,
        count(case when is_temperature_controlled then 1 end) as temperature_controlled_shipments,
        count(case when is_monitored then 1 end) as monitored_shipments,
        count(case when is_temperature_compliant then 1 end) as temperature_compliant_shipments,
        {% call exact_avg() %}
            case when is_temperature_compliant then 1 when not is_temperature_compliant then 0 end
        {% endcall %} as temperature_compliance_rate,
        cast(coalesce(sum(minutes_out_of_range), 0) as bigint) as minutes_out_of_range  -- exact: integer
    from shipments
    group by month, carrier_id, mode, origin_plant_id, destination_country, customer_segment
),

rated as (
    select
        grouped.*,
        case when grouped.costed_shipments > 0 then grouped.freight_cost_rc / grouped.costed_shipments end
            as cost_per_shipment,
        case when grouped.costed_weight_kg > 0 then grouped.freight_cost_rc / grouped.costed_weight_kg end
            as cost_per_kg,
        cast(grouped.claim_shipments as double) / grouped.shipments as claim_rate,
        1 - cast(grouped.claim_shipments as double) / grouped.shipments as claim_free_rate
    from grouped
),

indexed as (
    select
        rated.*,
        rated.cost_per_shipment / nullif(rated.lane_median_cost_per_shipment, 0) as cost_per_shipment_index,
        rated.cost_per_kg / nullif(rated.lane_median_cost_per_kg, 0) as cost_per_kg_index
    from rated
),

scored as (
    select
        indexed.*,
        (
            coalesce(weights.weight_on_time_pickup * indexed.on_time_pickup_rate, 0)
            + coalesce(weights.weight_on_time_delivery * indexed.on_time_delivery_rate, 0)
            + coalesce(weights.weight_transit * indexed.transit_within_promise_rate, 0)
            + coalesce(weights.weight_cost * indexed.cost_at_or_below_median_rate, 0)
            + coalesce(weights.weight_damage * indexed.claim_free_rate, 0)
            + coalesce(weights.weight_temperature * indexed.temperature_compliance_rate, 0)
        )
        / nullif(
            case when indexed.on_time_pickup_rate is not null then weights.weight_on_time_pickup else 0 end
            + case
                when indexed.on_time_delivery_rate is not null then weights.weight_on_time_delivery else 0
            end
            + case
                when indexed.transit_within_promise_rate is not null then weights.weight_transit else 0
            end
            + case
                when indexed.cost_at_or_below_median_rate is not null then weights.weight_cost else 0
            end
            + case when indexed.claim_free_rate is not null then weights.weight_damage else 0 end
            + case
                when indexed.temperature_compliance_rate is not null then weights.weight_temperature else 0
            end,
            0
        ) as weighted_score
    from indexed
    left join weights
        on indexed.customer_segment = weights.customer_segment
)

select * from scored
