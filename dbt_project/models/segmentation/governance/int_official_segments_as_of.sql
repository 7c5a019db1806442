{# The official segment per member as of the run's as-of date: the rows of the latest period
   of its entity type among those recorded on or before the as-of date (int_official_segments
   keeps only those). A member not in that period (it left the segmentation) has no row. The
   one place the policies, the feeds and the marts take "the official segment now" from. #}
with

official_segments as (
    select * from {{ ref('int_official_segments') }}
),

latest_periods as (
    select
        entity_type,
        max(period_end) as period_end
    from official_segments
    group by entity_type
),

final as (
    select
        official_segments.entity_type,
        official_segments.entity_id,
        official_segments.period_end,
        official_segments.as_of_date,
        official_segments.is_period_closed,
        official_segments.computed_segment,
        official_segments.official_segment,
        official_segments.segment_value
    from official_segments
    inner join latest_periods
        on
            official_segments.entity_type = latest_periods.entity_type
            and official_segments.period_end = latest_periods.period_end
)

select * from final
