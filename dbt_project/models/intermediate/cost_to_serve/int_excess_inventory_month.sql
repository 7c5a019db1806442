{# One row per product x month with stock: the excess-inventory holding cost = holding rate
   per year / 12 x value at standard cost of the month's last snapshot above the seed's weeks
   of cover of the trailing-52-week average weekly demand (ordered quantity, cancelled lines
   excluded, weeks without orders counting as 0). #}
with

stock_months as (
    select * from {{ ref('int_product_stock_month') }}
),

valued_lines as (
    select * from {{ ref('int_sales_order_lines_valued') }}
),

cost_rates as (
    select * from {{ ref('serving_cost_rates') }}
),

as_of as (
    select * from {{ ref('int_as_of') }}
),

demand_window as (
    {# the 52 ISO weeks ending with the week that contains the as-of date #}
    select
        as_of_date,
        cast(
            {{ dbt.dateadd('week', -51, 'cast(' ~ dbt.date_trunc('week', 'as_of_date') ~ ' as date)') }}
            as date
        ) as window_start
    from as_of
),

weekly_demand as (
    select
        valued_lines.product_id,
        sum(valued_lines.ordered_qty) / 52.0 as avg_weekly_demand_qty
    from valued_lines
    cross join demand_window
    where
        valued_lines.order_date >= demand_window.window_start
        and valued_lines.order_date <= demand_window.as_of_date
    group by valued_lines.product_id
),

cover_limits as (
    select
        stock_months.product_id,
        stock_months.month,
        stock_months.last_snapshot_qty,
        stock_months.last_snapshot_value_rc,
        coalesce(weekly_demand.avg_weekly_demand_qty, 0.0) as avg_weekly_demand_qty,
        cost_rates.excess_weeks_of_cover
        * coalesce(weekly_demand.avg_weekly_demand_qty, 0.0) as cover_limit_qty,
        cost_rates.holding_rate_per_year
    from stock_months
    cross join cost_rates
    left join weekly_demand
        on stock_months.product_id = weekly_demand.product_id
),

excess as (
    select
        product_id,
        month,
        last_snapshot_qty,
        last_snapshot_value_rc,
        avg_weekly_demand_qty,
        cover_limit_qty,
        greatest(last_snapshot_qty - cover_limit_qty, 0.0) as excess_qty,
        case
            when last_snapshot_qty > 0
                then
                    greatest(last_snapshot_qty - cover_limit_qty, 0.0)
                    * last_snapshot_value_rc / last_snapshot_qty
            else 0.0
        end as excess_value_rc,
        holding_rate_per_year
    from cover_limits
),

excess_costs as (
    select
        product_id,
        month,
        last_snapshot_qty,
        last_snapshot_value_rc,
        avg_weekly_demand_qty,
        cover_limit_qty,
        excess_qty,
        excess_value_rc,
        holding_rate_per_year / 12.0 * excess_value_rc as excess_inventory_cost
    from excess
)

select * from excess_costs
