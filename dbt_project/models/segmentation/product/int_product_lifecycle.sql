{# Product lifecycle stage as of the as-of date, per product (the grain of the ABC-XYZ
   segment; demand and stock are summed over plants). Demand is the product's demand basis
   of int_product_daily_demand (sales orders, or consumption for raw and packaging materials);
   stock is the total quantity over all plants on the latest stock snapshot on or before the
   as-of date. Weeks come from seed product_lifecycle_parameters:
   - phase_out: no demand in the last phase_out_weeks x 7 days (last demand on or before
     as-of - 7 x phase_out_weeks, or never) while stock remains;
   - inactive: the same without stock;
   - launch: first demand on or after as-of - 7 x launch_weeks (too little history for XYZ);
   - mature: every other product. Growth and maturity are one stage: the demo's single year
     holds no trend to tell them apart honestly. #}
with

products as (
    select product_id from {{ ref('dim_product') }}
    where not is_unknown_member
),

daily_demand as (
    select * from {{ ref('int_product_daily_demand') }}
),

stock_snapshots as (
    select * from {{ ref('fct_stock_snapshots') }}
),

parameters as (
    select * from {{ ref('product_lifecycle_parameters') }}
),

as_of as (
    select as_of_date from {{ ref('int_as_of') }}
),

demand_span as (
    select
        daily_demand.product_id,
        min(daily_demand.demand_date) as first_demand_date,
        max(daily_demand.demand_date) as last_demand_date
    from daily_demand
    cross join as_of
    where
        daily_demand.demand_qty > 0
        and daily_demand.demand_date <= as_of.as_of_date
    group by daily_demand.product_id
),

latest_snapshot as (
    select max(stock_snapshots.snapshot_date) as snapshot_date
    from stock_snapshots
    cross join as_of
    where stock_snapshots.snapshot_date <= as_of.as_of_date
),

stock_on_hand as (
    select
        stock_snapshots.product_id,
        {{ exact_sum("stock_snapshots.total_qty") }} as stock_qty
    from stock_snapshots
    inner join latest_snapshot
        on stock_snapshots.snapshot_date = latest_snapshot.snapshot_date
    group by stock_snapshots.product_id
),

{# The window limits as dates: a first demand exactly launch_weeks weeks before the as-of
   date is still a launch; a last demand exactly phase_out_weeks weeks before it leaves
   phase_out_weeks full weeks without demand. #}
limits as (
    select
        as_of.as_of_date,
        parameters.launch_weeks,
        parameters.phase_out_weeks,
        cast({{ dbt.dateadd('day', '-7 * parameters.launch_weeks', 'as_of.as_of_date') }} as date)
            as launch_since_date,
        cast({{ dbt.dateadd('day', '-7 * parameters.phase_out_weeks', 'as_of.as_of_date') }} as date)
            as idle_since_date
    from as_of
    cross join parameters
),

staged as (
    select
        products.product_id,
        demand_span.first_demand_date,
        demand_span.last_demand_date,
        coalesce(stock_on_hand.stock_qty, 0) as stock_qty,
        limits.launch_weeks,
        limits.phase_out_weeks,
        coalesce(demand_span.last_demand_date <= limits.idle_since_date, true) as is_idle,
        coalesce(demand_span.first_demand_date >= limits.launch_since_date, false) as is_launch
    from products
    cross join limits
    left join demand_span
        on products.product_id = demand_span.product_id
    left join stock_on_hand
        on products.product_id = stock_on_hand.product_id
),

classified as (
    select
        product_id,
        first_demand_date,
        last_demand_date,
        stock_qty,
        launch_weeks,
        phase_out_weeks,
        case
            when is_idle and stock_qty > 0 then 'phase_out'
            when is_idle then 'inactive'
            when is_launch then 'launch'
            else 'mature'
        end as lifecycle_stage,
        is_idle and stock_qty > 0 as is_phase_out
    from staged
)

select * from classified
