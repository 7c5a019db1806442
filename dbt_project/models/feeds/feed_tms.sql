{# TMS feed: one row per customer (the unknown member left out) with its OFFICIAL segment as of
   the as-of date (unsegmented without one) and that segment's service priority, default
   transport mode and OTIF target (seed customer_segment_policies). capacity_rank is the order
   in which the TMS hands out scarce capacity: service priority first, then the customer's
   revenue of the last 12 months (the segment's driving figure), then the customer id. #}
with

customers as (
    select * from {{ ref('dim_customer') }}
),

official_segments as (
    select * from {{ ref('int_official_segments_as_of') }}
),

policies as (
    select * from {{ ref('customer_segment_policies') }}
),

customer_segments as (
    select
        official_segments.entity_id as customer_id,
        official_segments.official_segment as customer_segment,
        official_segments.segment_value
    from official_segments
    where official_segments.entity_type = 'customer'
),

assigned as (
    select
        customers.customer_id,
        customer_segments.segment_value,
        coalesce(matched.customer_segment, 'unsegmented') as customer_segment
    from customers
    left join customer_segments
        on customers.customer_id = customer_segments.customer_id
    left join policies as matched
        on customer_segments.customer_segment = matched.customer_segment
    where not customers.is_unknown_member
),

final as (
    select
        cast(assigned.customer_id as {{ dbt.type_string() }}) as customer_id,
        cast(assigned.customer_segment as {{ dbt.type_string() }}) as customer_segment,
        cast(policies.service_priority as integer) as service_priority,
        cast(policies.transport_mode as {{ dbt.type_string() }}) as default_transport_mode,
        cast(policies.otif_target as decimal(6, 4)) as otif_target,
        cast(row_number() over (
            order by
                policies.service_priority asc,
                assigned.segment_value desc nulls last,
                assigned.customer_id asc
        ) as integer) as capacity_rank
    from assigned
    inner join policies
        on assigned.customer_segment = policies.customer_segment
)

select * from final
