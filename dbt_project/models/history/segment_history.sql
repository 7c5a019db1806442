-- STAND-IN (official branch): replaced by the hist branch's model at merge
{{ config(schema='history', materialized='table', tags=['marts_step']) }}
{# One row per entity type x entity x period end: today's segments of the three segment marts
   as one period (the month end of the as-of date, still open), with exactly the columns of the
   history contract, so that the official-segment models parse, build and unit-test. #}
with

product_segments as (
    select * from {{ ref('mart_product_segments') }}
),

supplier_segments as (
    select * from {{ ref('mart_supplier_segments') }}
),

customer_segments as (
    select * from {{ ref('mart_customer_segments') }}
),

as_of as (
    select * from {{ ref('int_as_of') }}
),

period as (
    select
        cast({{ dbt.last_day('as_of_date', 'month') }} as date) as period_end,
        as_of_date
    from as_of
),

segments as (
    select
        'product' as entity_type,
        product_id as entity_id,
        product_segment as segment,
        sales_value_12m as segment_value,
        abc_class,
        xyz_class,
        sales_share_before,
        demand_cov_52w,
        cast(null as double) as supply_risk_score,
        cast(null as boolean) as is_high_impact,
        cast(null as boolean) as is_high_risk,
        cast(null as double) as gross_margin_pct,
        cast(null as double) as cost_to_serve_pct,
        cast(null as boolean) as is_high_margin,
        cast(null as boolean) as is_high_cost_to_serve,
        business_units
    from product_segments
    union all
    select
        'supplier' as entity_type,
        supplier_id as entity_id,
        kraljic_segment as segment,
        spend_12m as segment_value,
        cast(null as {{ dbt.type_string() }}) as abc_class,
        cast(null as {{ dbt.type_string() }}) as xyz_class,
        cast(null as double) as sales_share_before,
        cast(null as double) as demand_cov_52w,
        supply_risk_score,
        is_high_impact,
        is_high_risk,
        cast(null as double) as gross_margin_pct,
        cast(null as double) as cost_to_serve_pct,
        cast(null as boolean) as is_high_margin,
        cast(null as boolean) as is_high_cost_to_serve,
        business_units
    from supplier_segments
    union all
    select
        'customer' as entity_type,
        customer_id as entity_id,
        customer_segment as segment,
        revenue_12m as segment_value,
        cast(null as {{ dbt.type_string() }}) as abc_class,
        cast(null as {{ dbt.type_string() }}) as xyz_class,
        cast(null as double) as sales_share_before,
        cast(null as double) as demand_cov_52w,
        cast(null as double) as supply_risk_score,
        cast(null as boolean) as is_high_impact,
        cast(null as boolean) as is_high_risk,
        gross_margin_pct,
        cost_to_serve_pct,
        is_high_margin,
        is_high_cost_to_serve,
        business_units
    from customer_segments
),

final as (
    select
        cast(segments.entity_type as {{ dbt.type_string() }}) as entity_type,
        cast(segments.entity_id as {{ dbt.type_string() }}) as entity_id,
        cast(period.period_end as date) as period_end,
        cast(period.as_of_date as date) as as_of_date,
        cast(period.as_of_date >= period.period_end as boolean) as is_period_closed,
        cast(segments.segment as {{ dbt.type_string() }}) as segment,
        cast(segments.segment_value as double) as segment_value,
        cast(segments.abc_class as {{ dbt.type_string() }}) as abc_class,
        cast(segments.xyz_class as {{ dbt.type_string() }}) as xyz_class,
        cast(segments.sales_share_before as double) as sales_share_before,
        cast(segments.demand_cov_52w as double) as demand_cov_52w,
        cast(segments.supply_risk_score as double) as supply_risk_score,
        cast(segments.is_high_impact as boolean) as is_high_impact,
        cast(segments.is_high_risk as boolean) as is_high_risk,
        cast(segments.gross_margin_pct as double) as gross_margin_pct,
        cast(segments.cost_to_serve_pct as double) as cost_to_serve_pct,
        cast(segments.is_high_margin as boolean) as is_high_margin,
        cast(segments.is_high_cost_to_serve as boolean) as is_high_cost_to_serve,
        cast(segments.business_units as {{ dbt.type_string() }}) as business_units
    from segments
    cross join period
)

select * from final
