{# Product XYZ: coefficient of variation (population standard deviation / mean) of weekly
   ordered quantity over the trailing 52 ISO weeks, i.e. the 52 weeks ending with the week
   that contains the as-of date (counted even when partial). Weeks without orders count as 0:
   every product of the master is crossed with a 52-week spine before aggregating. #}
with

products as (
    select product_id from {{ ref('dim_product') }}
    where not is_unknown_member
),

sales_order_lines as (
    select * from {{ ref('fct_sales_order_lines') }}
),

as_of as (
    select as_of_date from {{ ref('int_as_of') }}
),

thresholds as (
    select * from {{ ref('product_segmentation_thresholds') }}
),

as_of_week as (
    select
        as_of_date,
        cast({{ dbt.date_trunc('week', 'as_of_date') }} as date) as last_week_start
    from as_of
),

{# ISO weeks start on Monday; the spine steps back 7 days at a time from the as-of week. #}
week_spine as (
    select
        cast(
            {{ dbt.dateadd('day', '-7 * (week_numbers.generated_number - 1)', 'as_of_week.last_week_start') }}
            as date
        ) as week_start
    from ({{ dbt.generate_series(52) }}) as week_numbers
    cross join as_of_week
),

{# Rejected lines are no demand; a line belongs to the ISO week of its order date, and
   orders after the as-of date (a back-dated run) are outside the window. Only the window's
   lines are aggregated (51 weeks before the as-of week's Monday onwards). #}
weekly_orders as (
    select
        sales_order_lines.product_id,
        cast({{ dbt.date_trunc('week', 'sales_order_lines.order_date') }} as date) as week_start,
        sum(cast(sales_order_lines.ordered_qty as double)) as ordered_qty
    from sales_order_lines
    cross join as_of_week
    where
        not sales_order_lines.is_cancelled
        and sales_order_lines.order_date <= as_of_week.as_of_date
        and sales_order_lines.order_date
        >= cast({{ dbt.dateadd('day', -357, 'as_of_week.last_week_start') }} as date)
    group by
        sales_order_lines.product_id,
        cast({{ dbt.date_trunc('week', 'sales_order_lines.order_date') }} as date)
),

product_weeks as (
    select
        products.product_id,
        week_spine.week_start,
        coalesce(weekly_orders.ordered_qty, 0) as ordered_qty
    from products
    cross join week_spine
    left join weekly_orders
        on
            products.product_id = weekly_orders.product_id
            and week_spine.week_start = weekly_orders.week_start
),

weekly_statistics as (
    select
        product_id,
        count(*) as weeks_in_window,
        count(case when ordered_qty <> 0 then 1 end) as weeks_with_demand,
        sum(ordered_qty) as demand_qty_52w,
        avg(ordered_qty) as mean_weekly_demand,
        stddev_pop(ordered_qty) as stddev_weekly_demand
    from product_weeks
    group by product_id
),

{# Without demand (no positive mean) the CoV is undefined: null, and the product is Z.
   Rounded to 9 decimals, the value classified and published alike, so that a CoV of
   exactly 0.5 is not pushed over the line by floating-point noise and both engines (whose
   summation orders differ) publish the same value. #}
with_cov as (
    select
        *,
        case
            when mean_weekly_demand > 0 then round(stddev_weekly_demand / mean_weekly_demand, 9)
        end as demand_cov_52w
    from weekly_statistics
),

classified as (
    select
        with_cov.product_id,
        with_cov.weeks_in_window,
        with_cov.weeks_with_demand,
        with_cov.demand_qty_52w,
        with_cov.mean_weekly_demand,
        with_cov.stddev_weekly_demand,
        with_cov.demand_cov_52w,
        case
            when with_cov.demand_cov_52w is null then 'Z'
            when with_cov.demand_cov_52w <= thresholds.xyz_x_max_cov then 'X'
            when with_cov.demand_cov_52w <= thresholds.xyz_y_max_cov then 'Y'
            else 'Z'
        end as xyz_class
    from with_cov
    cross join thresholds
)

select * from classified
