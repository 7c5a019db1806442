{# The segment assignments of the run's as-of date, one row per entity, stamped with the end
   of the period (segment_history_parameters: month or quarter) the as-of date falls in: what
   segment_history records for that period. Closed when the as-of date is the period's last
   day; before that the row is provisional. `chainseg history backfill` builds this model as
   of each past period end on a scratch copy and copies its rows (docs/segment-history.md). #}
with

as_of as (
    select as_of_date from {{ ref('int_as_of') }}
),

parameters as (
    select period_grain from {{ ref('segment_history_parameters') }}
),

products as (
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
    from {{ ref('mart_product_segments') }}
),

suppliers as (
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
    from {{ ref('mart_supplier_segments') }}
),

customers as (
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
    from {{ ref('mart_customer_segments') }}
),

members as (
    select * from products
    union all
    select * from suppliers
    union all
    select * from customers
),

period as (
    select
        as_of.as_of_date,
        case parameters.period_grain
            when 'quarter' then {{ dbt.last_day('as_of.as_of_date', 'quarter') }}
            else {{ dbt.last_day('as_of.as_of_date', 'month') }}
        end as period_end
    from as_of
    cross join parameters
),

final as (
    select
        members.entity_type,
        members.entity_id,
        cast(period.period_end as date) as period_end,
        period.as_of_date,
        period.as_of_date = cast(period.period_end as date) as is_period_closed,
        members.segment,
        members.segment_value,
        members.abc_class,
        members.xyz_class,
        members.sales_share_before,
        members.demand_cov_52w,
        members.supply_risk_score,
        members.is_high_impact,
        members.is_high_risk,
        members.gross_margin_pct,
        members.cost_to_serve_pct,
        members.is_high_margin,
        members.is_high_cost_to_serve,
        members.business_units
    from members
    cross join period
)

select * from final
