{# The product segment assignment as of the as-of date: ABC (sales value, purchase value
   for raw and packaging materials) x XYZ (demand variability), with the policies the segment calls for from the seed. #}
with

products as (
    select * from {{ ref('dim_product') }}
    where not is_unknown_member
),

sales_abc as (
    select * from {{ ref('int_product_sales_abc') }}
),

demand_xyz as (
    select * from {{ ref('int_product_demand_xyz') }}
),

policies as (
    select * from {{ ref('product_segment_policies') }}
),

as_of as (
    select as_of_date from {{ ref('int_as_of') }}
),

segments as (
    select
        products.product_id,
        products.description,
        products.material_group,
        products.category,
        sales_abc.sales_value_12m,
        sales_abc.demand_basis,
        sales_abc.abc_value_12m,
        sales_abc.sales_lines_12m,
        sales_abc.sales_rank,
        sales_abc.sales_share_before,
        sales_abc.sales_cumulative_share,
        sales_abc.abc_class,
        demand_xyz.demand_qty_52w,
        demand_xyz.weeks_with_demand,
        demand_xyz.mean_weekly_demand,
        demand_xyz.demand_cov_52w,
        demand_xyz.xyz_class,
        sales_abc.abc_class || demand_xyz.xyz_class as product_segment
    from products
    inner join sales_abc
        on products.product_id = sales_abc.product_id
    inner join demand_xyz
        on products.product_id = demand_xyz.product_id
),

with_policies as (
    select
        segments.*,
        policies.cycle_count_frequency,
        policies.cycle_counts_per_year,
        policies.inventory_policy,
        policies.slotting_zone,
        policies.is_cross_dock_eligible,
        as_of.as_of_date
    from segments
    cross join as_of
    left join policies
        on segments.product_segment = policies.product_segment
)

select * from with_policies
