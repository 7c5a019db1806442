{# BI contract: one row per product of the master with its ABC-XYZ segment and policies. #}
with

product_segments as (
    select * from {{ ref('dim_product_segments') }}
),

final as (
    select
        product_id,
        description,
        category,
        sales_value_12m,
        demand_basis,
        abc_value_12m,
        sales_rank,
        sales_share_before,
        abc_class,
        demand_qty_52w,
        demand_cov_52w,
        xyz_class,
        product_segment,
        cycle_count_frequency,
        inventory_policy,
        slotting_zone,
        is_cross_dock_eligible,
        as_of_date,
        lifecycle_stage,
        is_phase_out,
        first_demand_date,
        last_demand_date
    from product_segments
),

members as (
    select
        product_id,
        {{ business_units_of('source_systems') }} as business_units
    from {{ ref('dim_product') }}
),

with_business_units as (
    select
        final.product_id,
        final.description,
        final.category,
        final.sales_value_12m,
        final.demand_basis,
        final.abc_value_12m,
        final.sales_rank,
        final.sales_share_before,
        final.abc_class,
        final.demand_qty_52w,
        final.demand_cov_52w,
        final.xyz_class,
        final.product_segment,
        final.cycle_count_frequency,
        final.inventory_policy,
        final.slotting_zone,
        final.is_cross_dock_eligible,
        final.as_of_date,
        cast(members.business_units as {{ dbt.type_string() }}) as business_units,
        final.lifecycle_stage,
        final.is_phase_out,
        final.first_demand_date,
        final.last_demand_date
    from final
    left join members
        on final.product_id = members.product_id
)

select * from with_business_units
