{# One row per shipment with costed delivery items: its freight (invoiced, allocated, plus
   accrued), its costed weight and item count, and its fixed part - the freight a shipment of
   its mode pays whatever it weighs: the intercept of freight over weight fitted by least
   squares on every shipment of the mode with freight and weight (at least 0), never more
   than the shipment's own freight. Consolidating shipments saves their fixed parts but one;
   the per-kg part moves with the goods. #}
with

charge_allocations as (
    select * from {{ ref('int_freight_charge_allocations') }}
),

freight_accruals as (
    select * from {{ ref('int_freight_accruals') }}
),

shipment_deliveries as (
    select * from {{ ref('fct_shipment_deliveries') }}
),

shipments as (
    select * from {{ ref('fct_shipments') }}
),

costed_items as (
    select * from {{ ref('int_cts_delivery_items') }}
),

{# distinct: a delivery listed twice on a shipment must not weigh twice (as in allocation) #}
shipment_items as (
    select distinct
        shipment_deliveries.shipment_id,
        costed_items.delivery_id,
        costed_items.delivery_item,
        costed_items.delivered_weight_kg
    from shipment_deliveries
    inner join costed_items
        on shipment_deliveries.delivery_id = costed_items.delivery_id
),

shipment_weights as (
    select
        shipment_id,
        {{ exact_sum("delivered_weight_kg") }} as weight_kg,
        count(*) as item_count
    from shipment_items
    group by shipment_id
),

freight_terms as (
    select
        shipment_id,
        allocated_amount_rc as freight_rc
    from charge_allocations
    where cost_pool = 'freight'
    union all
    select
        shipment_id,
        accrued_amount_rc as freight_rc
    from freight_accruals
),

shipment_freight as (
    select
        shipment_id,
        {{ exact_sum("freight_rc") }} as freight_rc
    from freight_terms
    group by shipment_id
),

shipment_costs as (
    select
        shipment_weights.shipment_id,
        upper(shipments.mode) as mode,
        shipment_weights.weight_kg,
        shipment_weights.item_count,
        coalesce(shipment_freight.freight_rc, 0.0) as freight_rc
    from shipment_weights
    left join shipments
        on shipment_weights.shipment_id = shipments.shipment_id
    left join shipment_freight
        on shipment_weights.shipment_id = shipment_freight.shipment_id
),

mode_moments as (
    select
        mode,
        {{ exact_avg("weight_kg") }} as mean_kg,
        {{ exact_avg("freight_rc") }} as mean_freight,
        {{ exact_avg("weight_kg * weight_kg") }} as mean_kg_squared,
        {{ exact_avg("weight_kg * freight_rc") }} as mean_kg_freight
    from shipment_costs
    where weight_kg > 0 and freight_rc > 0
    group by mode
),

{# least squares: slope = cov(kg, freight) / var(kg), intercept = mean freight - slope x mean kg #}
mode_slopes as (
    select
        mode,
        mean_kg,
        mean_freight,
        case
            when mean_kg_squared - mean_kg * mean_kg > 0
                then (mean_kg_freight - mean_kg * mean_freight) / (mean_kg_squared - mean_kg * mean_kg)
        end as slope_per_kg
    from mode_moments
),

mode_fixed_costs as (
    select
        mode,
        coalesce(greatest(mean_freight - slope_per_kg * mean_kg, 0.0), 0.0) as fixed_rc_per_shipment
    from mode_slopes
),

shipment_fixed_costs as (
    select
        shipment_costs.shipment_id,
        shipment_costs.mode,
        shipment_costs.weight_kg,
        shipment_costs.item_count,
        shipment_costs.freight_rc,
        greatest(
            least(coalesce(mode_fixed_costs.fixed_rc_per_shipment, 0.0), shipment_costs.freight_rc),
            0.0
        ) as fixed_freight_rc
    from shipment_costs
    left join mode_fixed_costs
        on shipment_costs.mode = mode_fixed_costs.mode
)

select * from shipment_fixed_costs
