{# BI contract: one row per manual segment override of the seed, with its status on the run's
   as-of date (valid, expired, not_yet_valid), whether it is complete (an owner and a reason)
   and whether it sets the official segment of its entity's latest period. An expired or not
   yet valid override is ignored by the official segment and reported here. #}
with

overrides as (
    select * from {{ ref('segment_overrides') }}
),

official_segments as (
    select * from {{ ref('int_official_segments') }}
),

as_of as (
    select * from {{ ref('int_as_of') }}
),

latest_periods as (
    select
        official_segments.*,
        row_number() over (
            partition by official_segments.entity_type, official_segments.entity_id
            order by official_segments.period_end desc
        ) as recency
    {#- only the periods recorded up to the as-of date: int_official_segments keeps no other #}
    from official_segments
),

current_segments as (
    select * from latest_periods
    where recency = 1
),

overrides_judged as (
    select
        overrides.entity_type,
        overrides.entity_id,
        overrides.segment,
        overrides.reason,
        overrides.owner,
        overrides.valid_from,
        overrides.valid_to,
        as_of.as_of_date,
        case
            when as_of.as_of_date < overrides.valid_from then 'not_yet_valid'
            when overrides.valid_to is not null and as_of.as_of_date > overrides.valid_to
                then 'expired'
            else 'valid'
        end as override_status,
        coalesce(
            coalesce(trim(overrides.owner), '') != ''
            and coalesce(trim(overrides.reason), '') != '',
            false
        ) as is_complete,
        current_segments.entity_id is not null as is_known_entity,
        current_segments.computed_segment,
        current_segments.official_segment,
        coalesce(
            current_segments.override_valid_from = overrides.valid_from,
            false
        ) as is_applied
    from overrides
    cross join as_of
    left join current_segments
        on
            overrides.entity_type = current_segments.entity_type
            and overrides.entity_id = current_segments.entity_id
),

final as (
    select
        cast(entity_type as {{ dbt.type_string() }}) as entity_type,
        cast(entity_id as {{ dbt.type_string() }}) as entity_id,
        cast(valid_from as date) as valid_from,
        cast(valid_to as date) as valid_to,
        cast(segment as {{ dbt.type_string() }}) as segment,
        cast(reason as {{ dbt.type_string() }}) as reason,
        cast(owner as {{ dbt.type_string() }}) as owner,
        cast(as_of_date as date) as as_of_date,
        cast(override_status as {{ dbt.type_string() }}) as override_status,
        cast(is_complete as boolean) as is_complete,
        cast(is_known_entity as boolean) as is_known_entity,
        cast(is_applied as boolean) as is_applied,
        cast(computed_segment as {{ dbt.type_string() }}) as computed_segment,
        cast(official_segment as {{ dbt.type_string() }}) as official_segment
    from overrides_judged
)

select * from final
