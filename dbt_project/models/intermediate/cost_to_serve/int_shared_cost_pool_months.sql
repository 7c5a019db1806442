{# One row per shared cost pool x month charged: every month that has sales order lines (not
   cancelled, ordered on or before the as-of date) within the pool's validity. This is the
   "charged" side of the shared pools in the allocation ledger. The month that contains the
   as-of date is charged pro rata of its days elapsed (as-of day / days in the month), so a
   mid-month run does not put a whole month's pool on half a month's lines; every earlier
   month is charged in full. #}
with

shared_cost_pools as (
    select * from {{ ref('serving_shared_cost_pools') }}
),

sales_order_lines as (
    select * from {{ ref('fct_sales_order_lines') }}
),

as_of as (
    select as_of_date from {{ ref('int_as_of') }}
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

as_of_month_bounds as (
    select
        as_of_date,
        cast({{ dbt.date_trunc('month', 'as_of_date') }} as date) as month_start,
        cast({{ dbt.dateadd('month', 1, dbt.date_trunc('month', 'as_of_date')) }} as date)
            as next_month_start
    from as_of
),

as_of_month as (
    select
        month_start,
        extract(day from as_of_date) as days_elapsed,
        extract(day from cast({{ dbt.dateadd('day', -1, 'next_month_start') }} as date)) as days_in_month
    from as_of_month_bounds
),

{# days elapsed in the as-of month (the as-of date included) / days in that month #}
month_proration as (
    select
        order_months.month,
        case
            when order_months.month = as_of_month.month_start
                then cast(as_of_month.days_elapsed as double) / as_of_month.days_in_month
            else 1.0
        end as proration_factor
    from order_months
    cross join as_of_month
),

pool_months as (
    select
        shared_cost_pools.pool_id,
        month_proration.month,
        month_proration.proration_factor,
        cast(shared_cost_pools.monthly_amount_rc as double) * month_proration.proration_factor
            as charged_amount_rc
    from shared_cost_pools
    inner join month_proration
        on
            month_proration.month >= cast({{ dbt.date_trunc('month', 'shared_cost_pools.valid_from') }} as date)
            and (
                shared_cost_pools.valid_to is null
                or shared_cost_pools.valid_to >= month_proration.month
            )
)

select * from pool_months
