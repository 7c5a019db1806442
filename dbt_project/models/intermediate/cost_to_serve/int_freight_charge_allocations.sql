{# One row per freight charge x costed delivery item of its shipment: the charge split over
   the shipment's delivery items in proportion to delivered weight (evenly when the shipment's
   total delivered weight is 0). Unrounded; charges without any costed item are in
   int_cost_pool_unallocated instead. Incremental per shipment (macros/incremental.sql): the
   shipments whose charges or costed items may have changed are split again. #}
{{ fact_delta_config() }}
{%- set delta = fact_delta_watermark('int_freight_charge_allocations') %}
with{{ delta_keys_cte(delta) }}

charges as (
    select * from {{ ref('int_freight_charges_in_scope') }}
    where {{ in_fact_delta('int_freight_charge_allocations', delta, 'int_freight_charges_in_scope') }}
),

shipment_deliveries as (
    select * from {{ ref('fct_shipment_deliveries') }}
    where {{ in_fact_delta('int_freight_charge_allocations', delta, 'fct_shipment_deliveries') }}
),

costed_items as (
    select * from {{ ref('int_cts_delivery_items') }}
),

shipment_items as (
    {# distinct: a delivery listed twice on a shipment must not weigh twice #}
    select distinct
        shipment_deliveries.shipment_id,
        costed_items.delivery_id,
        costed_items.delivery_item,
        costed_items.sales_order_id,
        costed_items.sales_order_item,
        costed_items.delivered_weight_kg
    from shipment_deliveries
    inner join costed_items
        on shipment_deliveries.delivery_id = costed_items.delivery_id
),

shipment_totals as (
    select
        shipment_id,
        {{ exact_sum("delivered_weight_kg") }} as shipment_weight_kg,
        count(*) as shipment_item_count
    from shipment_items
    group by shipment_id
),

allocations as (
    select
        charges.charge_id,
        charges.shipment_id,
        charges.charge_type,
        charges.cost_pool,
        charges.invoice_month,
        shipment_items.delivery_id,
        shipment_items.delivery_item,
        shipment_items.sales_order_id,
        shipment_items.sales_order_item,
        shipment_items.delivered_weight_kg,
        case
            when shipment_totals.shipment_weight_kg > 0
                then shipment_items.delivered_weight_kg / shipment_totals.shipment_weight_kg
            else 1.0 / shipment_totals.shipment_item_count
        end as allocation_share,
        charges.amount_rc * case
            when shipment_totals.shipment_weight_kg > 0
                then shipment_items.delivered_weight_kg / shipment_totals.shipment_weight_kg
            else 1.0 / shipment_totals.shipment_item_count
        end as allocated_amount_rc
    from charges
    inner join shipment_items
        on charges.shipment_id = shipment_items.shipment_id
    inner join shipment_totals
        on charges.shipment_id = shipment_totals.shipment_id
    where
        charges.cost_pool != 'unmapped'
        and charges.amount_rc is not null
)

select * from allocations
