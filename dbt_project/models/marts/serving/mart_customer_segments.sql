{# One row per customer: trailing-12-month profitability, its Shapiro/Kaplan segment and the
   service policy the segment calls for (seed). #}
with

customer_segments as (
    select * from {{ ref('dim_customer_segments') }}
),

policies as (
    select * from {{ ref('customer_segment_policies') }}
),

final as (
    select
        cast(customer_segments.customer_id as {{ dbt.type_string() }}) as customer_id,
        cast(customer_segments.channel as {{ dbt.type_string() }}) as channel,
        cast(customer_segments.revenue_12m as double) as revenue_12m,
        cast(customer_segments.cogs_12m as double) as cogs_12m,
        cast(customer_segments.cost_to_serve_12m as double) as cost_to_serve_12m,
        cast(customer_segments.net_margin_12m as double) as net_margin_12m,
        cast(customer_segments.gross_margin_pct as double) as gross_margin_pct,
        cast(customer_segments.cost_to_serve_pct as double) as cost_to_serve_pct,
        cast(customer_segments.is_high_margin as boolean) as is_high_margin,
        cast(customer_segments.is_high_cost_to_serve as boolean) as is_high_cost_to_serve,
        cast(customer_segments.customer_segment as {{ dbt.type_string() }}) as customer_segment,
        cast(policies.promised_lead_days as integer) as promised_lead_days,
        cast(policies.otif_target as double) as otif_target,
        cast(policies.transport_mode as {{ dbt.type_string() }}) as transport_mode,
        cast(policies.last_mile_option as {{ dbt.type_string() }}) as last_mile_option,
        cast(policies.service_priority as integer) as service_priority
    from customer_segments
    left join policies
        on customer_segments.customer_segment = policies.customer_segment
),

members as (
    select
        customer_id,
        {{ business_units_of('source_systems') }} as business_units
    from {{ ref('dim_customer') }}
),

with_business_units as (
    select
        final.*,
        cast(members.business_units as {{ dbt.type_string() }}) as business_units
    from final
    left join members
        on final.customer_id = members.customer_id
)

select * from with_business_units
