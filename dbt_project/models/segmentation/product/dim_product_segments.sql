{# The product segment assignment as of the as-of date: ABC (sales value, purchase value
   for raw and packaging materials) x XYZ (demand variability), with the policies the segment calls for from the seed.
   The lifecycle stage (int_product_lifecycle) may move the cut-offs (seed
   product_lifecycle_thresholds, a blank cut-off = the global one), and a launch product is
   XYZ class new: its few weeks of demand say nothing about its variability yet. #}
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

lifecycle as (
    select * from {{ ref('int_product_lifecycle') }}
),

stage_thresholds as (
    select * from {{ ref('product_lifecycle_thresholds') }}
),

thresholds as (
    select * from {{ ref('product_segmentation_thresholds') }}
),

as_of as (
    select as_of_date from {{ ref('int_as_of') }}
),

{# A stage without its own cut-offs keeps the class computed with the global ones, so the
   default seed (no overrides) changes no ABC or XYZ class but the launch products' new. #}
classified as (
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
        case
            when
                (stage_thresholds.abc_a_max_share_before is null and stage_thresholds.abc_b_max_share_before is null)
                or sales_abc.sales_share_before is null
                then sales_abc.abc_class
            else
                {{ abc_class(
                    'sales_abc.sales_share_before',
                    'coalesce(stage_thresholds.abc_a_max_share_before, thresholds.abc_a_max_share_before)',
                    'coalesce(stage_thresholds.abc_b_max_share_before, thresholds.abc_b_max_share_before)',
                ) }}
        end as abc_class,
        demand_xyz.demand_qty_52w,
        demand_xyz.weeks_with_demand,
        demand_xyz.mean_weekly_demand,
        demand_xyz.demand_cov_52w,
        case
            when lifecycle.lifecycle_stage = 'launch' then 'new'
            when
                (stage_thresholds.xyz_x_max_cov is null and stage_thresholds.xyz_y_max_cov is null)
                or demand_xyz.demand_cov_52w is null
                then demand_xyz.xyz_class
            when
                demand_xyz.demand_cov_52w <= coalesce(stage_thresholds.xyz_x_max_cov, thresholds.xyz_x_max_cov)
                then 'X'
            when
                demand_xyz.demand_cov_52w <= coalesce(stage_thresholds.xyz_y_max_cov, thresholds.xyz_y_max_cov)
                then 'Y'
            else 'Z'
        end as xyz_class,
        lifecycle.lifecycle_stage,
        lifecycle.is_phase_out,
        lifecycle.first_demand_date,
        lifecycle.last_demand_date,
        lifecycle.stock_qty
    from products
    cross join thresholds
    inner join sales_abc
        on products.product_id = sales_abc.product_id
    inner join demand_xyz
        on products.product_id = demand_xyz.product_id
    inner join lifecycle
        on products.product_id = lifecycle.product_id
    left join stage_thresholds
        on lifecycle.lifecycle_stage = stage_thresholds.lifecycle_stage
),

segments as (
    select
        product_id,
        description,
        material_group,
        category,
        sales_value_12m,
        demand_basis,
        abc_value_12m,
        sales_lines_12m,
        sales_rank,
        sales_share_before,
        sales_cumulative_share,
        abc_class,
        demand_qty_52w,
        weeks_with_demand,
        mean_weekly_demand,
        demand_cov_52w,
        xyz_class,
        abc_class || xyz_class as product_segment,
        lifecycle_stage,
        is_phase_out,
        first_demand_date,
        last_demand_date,
        stock_qty
    from classified
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
