{# One row per product x month with stock: the excess-inventory holding cost = holding rate
   per year / 12 x value at standard cost of the month's last snapshot above the seed's weeks
   of cover of the average weekly demand trailing that month - the trailing_52w_weeks (seed
   reporting_windows) ISO weeks ending with the week of the month's last snapshot date, demand
   up to that date, weeks without demand counting as 0 - so a past month is judged against
   the demand it had, not today's. Demand is sales (ordered quantity, cancelled lines
   excluded) or, for raw and packaging materials, consumption (net goods receipts); see
   int_product_daily_demand. A window reaching back before the first landed demand averages
   over the weeks it has (from the week of that first demand), so the first months of
   history are not judged against weeks that were never landed. Only stock on hand counts: a
   plant's negative balance is 0, so excess is never negative. #}
with

stock_months as (
    select * from {{ ref('int_product_stock_month') }}
),

daily_demand as (
    select * from {{ ref('int_product_daily_demand') }}
),

cost_rates as (
    select * from {{ ref('serving_cost_rates') }}
),

trailing_window as (
    select * from {{ ref('int_trailing_window') }}
),

demand_history as (
    select cast({{ dbt.date_trunc('week', 'min(demand_date)') }} as date) as first_week_start
    from daily_demand
),

{# each stock month's demand window: trailing_52w_weeks ISO weeks ending with the week that
   contains its last snapshot date (that week counts even when partial) #}
month_window_bounds as (
    select distinct
        stock_months.month,
        stock_months.last_snapshot_date,
        cast({{ dbt.date_trunc('week', 'stock_months.last_snapshot_date') }} as date) as last_week_start,
        cast(
            {{ dbt.dateadd(
                'day',
                '-7 * (trailing_window.trailing_52w_weeks - 1)',
                'cast(' ~ dbt.date_trunc('week', 'stock_months.last_snapshot_date') ~ ' as date)',
            ) }}
            as date
        ) as window_start
    from stock_months
    cross join trailing_window
),

{# the weeks the average divides by: the window's weeks from the first week with landed
   demand on (at least the last week) #}
month_windows as (
    select
        month_window_bounds.month,
        month_window_bounds.last_snapshot_date,
        month_window_bounds.window_start,
        cast(
            {{ dbt.datediff(
                'greatest(month_window_bounds.window_start, coalesce(demand_history.first_week_start, month_window_bounds.window_start))',
                'month_window_bounds.last_week_start',
                'day',
            ) }}
            as double
        ) / 7.0 + 1.0 as window_weeks
    from month_window_bounds
    cross join demand_history
),

weekly_demand as (
    select
        daily_demand.product_id,
        month_windows.month,
        {{ exact_sum("daily_demand.demand_qty") }} / greatest(month_windows.window_weeks, 1.0) as avg_weekly_demand_qty
    from daily_demand
    inner join month_windows
        on
            daily_demand.demand_date >= month_windows.window_start
            and daily_demand.demand_date <= month_windows.last_snapshot_date
    group by daily_demand.product_id, month_windows.month, month_windows.window_weeks
),

cover_limits as (
    select
        stock_months.product_id,
        stock_months.month,
        stock_months.last_snapshot_on_hand_qty as last_snapshot_qty,
        stock_months.last_snapshot_on_hand_value_rc as last_snapshot_value_rc,
        {# net consumption can be negative in a window (returns only): no cover then #}
        greatest(coalesce(weekly_demand.avg_weekly_demand_qty, 0.0), 0.0) as avg_weekly_demand_qty,
        cost_rates.excess_weeks_of_cover
        * greatest(coalesce(weekly_demand.avg_weekly_demand_qty, 0.0), 0.0) as cover_limit_qty,
        cost_rates.holding_rate_per_year
    from stock_months
    cross join cost_rates
    left join weekly_demand
        on
            stock_months.product_id = weekly_demand.product_id
            and stock_months.month = weekly_demand.month
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
