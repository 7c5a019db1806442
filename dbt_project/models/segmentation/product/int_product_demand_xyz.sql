{# Product XYZ: coefficient of variation (population standard deviation / mean) of weekly
   demand over the trailing 52 ISO weeks (seed reporting_windows, through int_trailing_window),
   i.e. the weeks ending with the week that contains the as-of date (counted even when
   partial). Demand is the product's demand of int_product_daily_demand by ISO week: ordered
   quantity, or for raw and packaging materials their consumption (net goods receipts). Weeks
   without demand count as 0: every product of the master is crossed with the week spine
   before aggregating. #}
with

products as (
    select product_id from {{ ref('dim_product') }}
    where not is_unknown_member
),

daily_demand as (
    select * from {{ ref('int_product_daily_demand') }}
),

trailing_window as (
    select * from {{ ref('int_trailing_window') }}
),

thresholds as (
    select * from {{ ref('product_segmentation_thresholds') }}
),

{# ISO weeks start on Monday; the spine steps 7 days at a time from the window's first
   Monday (a series long enough for any seed window, cut to the seed's week count). #}
week_spine as (
    select
        cast(
            {{ dbt.dateadd('day', '7 * (week_numbers.generated_number - 1)', 'trailing_window.trailing_52w_start_date') }}
            as date
        ) as week_start
    from ({{ dbt.generate_series(520) }}) as week_numbers
    cross join trailing_window
    where week_numbers.generated_number <= trailing_window.trailing_52w_weeks
),

{# Only the window's weeks are aggregated; demand after the as-of date (a back-dated run) is
   outside it (int_product_daily_demand stops at the as-of date). #}
weekly_orders as (
    select
        daily_demand.product_id,
        cast({{ dbt.date_trunc('week', 'daily_demand.demand_date') }} as date) as week_start,
        {{ exact_sum("daily_demand.demand_qty") }} as ordered_qty
    from daily_demand
    cross join trailing_window
    where daily_demand.demand_date >= trailing_window.trailing_52w_start_date
    group by
        daily_demand.product_id,
        cast({{ dbt.date_trunc('week', 'daily_demand.demand_date') }} as date)
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
        {{ exact_sum("ordered_qty") }} as demand_qty_52w,
        {{ exact_avg("ordered_qty") }} as mean_weekly_demand,
        {{ exact_stddev_pop("ordered_qty") }} as stddev_weekly_demand
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
