{# One row per shared cost pool x month x delivered line ordered in that month: the pool's
   monthly amount split by its driver - weight_kg (delivered kg), lines (equal per line),
   orders (equal per sales order, then evenly over its delivered lines of the month) or
   revenue. When the month's driver total is 0 the pool is split evenly over the lines. A
   pool-month without delivered lines is in int_cost_pool_unallocated. Incremental by order
   month like the cost-to-serve lines (macros/incremental.sql): the months a day reopens are
   allocated again, whole. #}
{{ fact_delta_config() }}
{%- set delta = fact_delta_watermark('int_shared_overhead_allocations') %}
with{{ delta_keys_cte(delta) }}

shared_cost_pools as (
    select * from {{ ref('serving_shared_cost_pools') }}
),

pool_months as (
    select * from {{ ref('int_shared_cost_pool_months') }}
    where {{ in_fact_delta('int_shared_overhead_allocations', delta, 'int_shared_cost_pool_months') }}
),

delivered_lines as (
    select * from {{ ref('int_cts_delivered_lines') }}
    where {{ in_fact_delta('int_shared_overhead_allocations', delta, 'int_cts_delivered_lines', ['order_month']) }}
),

costed_items as (
    select * from {{ ref('int_cts_delivery_items') }}
    where {{ in_fact_delta('int_shared_overhead_allocations', delta, 'int_cts_delivery_items', ['order_month']) }}
),

line_weights as (
    select
        sales_order_id,
        sales_order_item,
        {{ exact_sum("delivered_weight_kg") }} as delivered_weight_kg
    from costed_items
    group by sales_order_id, sales_order_item
),

order_line_counts as (
    select
        sales_order_id,
        order_month,
        count(*) as order_line_count
    from delivered_lines
    group by sales_order_id, order_month
),

line_drivers as (
    select
        delivered_lines.sales_order_id,
        delivered_lines.sales_order_item,
        delivered_lines.order_month,
        coalesce(line_weights.delivered_weight_kg, 0.0) as weight_kg_driver,
        1.0 as lines_driver,
        1.0 / order_line_counts.order_line_count as orders_driver,
        delivered_lines.revenue as revenue_driver
    from delivered_lines
    left join line_weights
        on
            delivered_lines.sales_order_id = line_weights.sales_order_id
            and delivered_lines.sales_order_item = line_weights.sales_order_item
    inner join order_line_counts
        on
            delivered_lines.sales_order_id = order_line_counts.sales_order_id
            and delivered_lines.order_month = order_line_counts.order_month
),

pool_line_drivers as (
    select
        pool_months.pool_id,
        pool_months.month,
        pool_months.charged_amount_rc,
        shared_cost_pools.driver,
        line_drivers.sales_order_id,
        line_drivers.sales_order_item,
        case shared_cost_pools.driver
            when 'weight_kg' then line_drivers.weight_kg_driver
            when 'lines' then line_drivers.lines_driver
            when 'orders' then line_drivers.orders_driver
            when 'revenue' then line_drivers.revenue_driver
        end as driver_value
    from pool_months
    inner join shared_cost_pools
        on pool_months.pool_id = shared_cost_pools.pool_id
    inner join line_drivers
        on pool_months.month = line_drivers.order_month
),

pool_month_totals as (
    select
        pool_id,
        month,
        {{ exact_sum("driver_value") }} as driver_total,
        count(*) as line_count
    from pool_line_drivers
    group by pool_id, month
),

allocations as (
    select
        pool_line_drivers.pool_id,
        pool_line_drivers.month,
        pool_line_drivers.driver,
        pool_line_drivers.sales_order_id,
        pool_line_drivers.sales_order_item,
        pool_line_drivers.driver_value,
        pool_line_drivers.charged_amount_rc * case
            when pool_month_totals.driver_total > 0
                then pool_line_drivers.driver_value / pool_month_totals.driver_total
            else 1.0 / pool_month_totals.line_count
        end as allocated_amount_rc
    from pool_line_drivers
    inner join pool_month_totals
        on
            pool_line_drivers.pool_id = pool_month_totals.pool_id
            and pool_line_drivers.month = pool_month_totals.month
)

select * from allocations
