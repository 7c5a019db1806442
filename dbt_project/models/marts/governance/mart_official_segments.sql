{# BI contract: one row per entity type x entity x period of the segment history with the
   computed segment, the official segment that drives policies (reviews, hysteresis,
   overrides: int_official_segments) and why the two differ. #}
with

official_segments as (
    select * from {{ ref('int_official_segments') }}
),

final as (
    select
        cast(entity_type as {{ dbt.type_string() }}) as entity_type,
        cast(entity_id as {{ dbt.type_string() }}) as entity_id,
        cast(period_end as date) as period_end,
        cast(as_of_date as date) as as_of_date,
        cast(is_period_closed as boolean) as is_period_closed,
        cast(is_review_period as boolean) as is_review_period,
        cast(is_full_refresh as boolean) as is_full_refresh,
        cast(computed_segment as {{ dbt.type_string() }}) as computed_segment,
        cast(segment_value as double) as segment_value,
        cast(periods_held as bigint) as periods_held,
        cast(is_clear_of_boundary as boolean) as is_clear_of_boundary,
        cast(reviewed_segment as {{ dbt.type_string() }}) as reviewed_segment,
        cast(reviewed_since as date) as reviewed_since,
        cast(official_segment as {{ dbt.type_string() }}) as official_segment,
        cast(is_official_change as boolean) as is_official_change,
        cast(difference_reason as {{ dbt.type_string() }}) as difference_reason,
        cast(override_segment as {{ dbt.type_string() }}) as override_segment,
        cast(override_reason as {{ dbt.type_string() }}) as override_reason,
        cast(override_owner as {{ dbt.type_string() }}) as override_owner,
        cast(override_valid_from as date) as override_valid_from,
        cast(override_valid_to as date) as override_valid_to,
        cast(business_units as {{ dbt.type_string() }}) as business_units
    from official_segments
)

select * from final
