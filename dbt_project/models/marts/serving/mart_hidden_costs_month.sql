{# One row per product segment x month: the hidden costs - expediting and returns charges
   (invoice month; charges that could not be allocated to a line are under the segment
   `unallocated`), stockout cost of lost sales - lines cancelled short; open backorders cost
   nothing - (order month) and the holding cost of excess inventory (month of the stock
   snapshot, judged against the demand trailing that month). #}
with

charge_allocations as (
    select * from {{ ref('int_freight_charge_allocations') }}
),

unallocated as (
    select * from {{ ref('int_cost_pool_unallocated') }}
),

delivered_lines as (
    select * from {{ ref('int_cts_delivered_lines') }}
),

stockout_lines as (
    select * from {{ ref('int_stockout_lines') }}
),

excess_inventory as (
    select * from {{ ref('int_excess_inventory_month') }}
),

product_segments as (
    select * from {{ ref('dim_product_segments') }}
),

charge_costs as (
    select
        delivered_lines.product_id,
        charge_allocations.invoice_month as month,
        case
            when charge_allocations.cost_pool = 'expediting'
                then charge_allocations.allocated_amount_rc
            else 0.0
        end as expediting,
        case
            when charge_allocations.cost_pool = 'returns'
                then charge_allocations.allocated_amount_rc
            else 0.0
        end as returns,
        0.0 as stockout,
        0.0 as excess_inventory
    from charge_allocations
    inner join delivered_lines
        on
            charge_allocations.sales_order_id = delivered_lines.sales_order_id
            and charge_allocations.sales_order_item = delivered_lines.sales_order_item
    where charge_allocations.cost_pool in ('expediting', 'returns')
),

product_costs as (
    select * from charge_costs
    union all
    select
        product_id,
        order_month as month,
        0.0 as expediting,
        0.0 as returns,
        stockout_cost as stockout,
        0.0 as excess_inventory
    from stockout_lines
    union all
    select
        product_id,
        month,
        0.0 as expediting,
        0.0 as returns,
        0.0 as stockout,
        excess_inventory_cost as excess_inventory
    from excess_inventory
),

segment_costs as (
    select
        coalesce(product_segments.product_segment, 'unsegmented') as product_segment,
        product_costs.month,
        product_costs.expediting,
        product_costs.returns,
        product_costs.stockout,
        product_costs.excess_inventory
    from product_costs
    left join product_segments
        on product_costs.product_id = product_segments.product_id
    union all
    select
        'unallocated' as product_segment,
        month,
        case when cost_pool = 'expediting' then unallocated_amount_rc else 0.0 end as expediting,
        case when cost_pool = 'returns' then unallocated_amount_rc else 0.0 end as returns,
        0.0 as stockout,
        0.0 as excess_inventory
    from unallocated
    where cost_pool in ('expediting', 'returns')
),

final as (
    select
        cast(product_segment as {{ dbt.type_string() }}) as product_segment,
        cast(month as date) as month,
        cast(coalesce({{ exact_sum("expediting") }}, 0.0) as double) as expediting,
        cast(coalesce({{ exact_sum("returns") }}, 0.0) as double) as returns,
        cast(coalesce({{ exact_sum("stockout") }}, 0.0) as double) as stockout,
        cast(coalesce({{ exact_sum("excess_inventory") }}, 0.0) as double) as excess_inventory,
        cast(
            coalesce({{ exact_sum("expediting") }}, 0.0) + coalesce({{ exact_sum("returns") }}, 0.0)
            + coalesce({{ exact_sum("stockout") }}, 0.0) + coalesce({{ exact_sum("excess_inventory") }}, 0.0)
            as double
        ) as total_hidden_cost
    from segment_costs
    group by product_segment, month
)

select * from final
