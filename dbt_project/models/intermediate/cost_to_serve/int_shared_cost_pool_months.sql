{# One row per shared cost pool x month charged: every month that has sales order lines (not
   cancelled, ordered on or before the as-of date) within the pool's validity. This is the
   "charged" side of the shared pools in the allocation ledger. #}
with

shared_cost_pools as (
    select * from {{ ref('serving_shared_cost_pools') }}
),

sales_order_lines as (
    select * from {{ ref('fct_sales_order_lines') }}
),

as_of as (
    select * from {{ ref('int_as_of') }}
),

order_months as (
    select distinct
        cast({{ dbt.date_trunc('month', 'sales_order_lines.order_date') }} as date) as month
    from sales_order_lines
    cross join as_of
    where
        not sales_order_lines.is_cancelled
        and sales_order_lines.order_date <= as_of.as_of_date
),

pool_months as (
    select
        shared_cost_pools.pool_id,
        order_months.month,
        cast(shared_cost_pools.monthly_amount_rc as double) as charged_amount_rc
    from shared_cost_pools
    inner join order_months
        on
            order_months.month >= cast({{ dbt.date_trunc('month', 'shared_cost_pools.valid_from') }} as date)
            and (
                shared_cost_pools.valid_to is null
                or shared_cost_pools.valid_to >= order_months.month
            )
)

select * from pool_months
