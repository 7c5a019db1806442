{# Segment migration: how the members of each segment moved between two recorded periods of
   segment_history, per entity type. Two comparisons: consecutive recorded periods (labelled
   with the history's grain, `month` by default) and quarter over quarter (quarter-end
   periods, when the grain is month). An entity recorded in only one of the two periods moves
   from or to '(none)': it entered or left the segmentation. The stability rate of a
   from-segment is the share of its members that are in the same segment at the later period
   (leavers included in the base). A later period not yet closed is marked provisional.
   The periods are those recorded on or before the run's as-of date, read through
   int_official_segments (its computed segment is the recorded one), so a run as of a past
   date shows no migration into periods recorded after it. #}
with

history as (
    select
        entity_type,
        entity_id,
        period_end,
        is_period_closed,
        computed_segment as segment,
        segment_value
    from {{ ref('int_official_segments') }}
),

parameters as (
    select period_grain from {{ ref('segment_history_parameters') }}
),

period_ends as (
    select distinct period_end from history
),

consecutive as (
    select
        parameters.period_grain as comparison,
        lag(period_ends.period_end) over (order by period_ends.period_end) as from_period_end,
        period_ends.period_end as to_period_end
    from period_ends
    cross join parameters
),

quarter_over_quarter as (
    select
        'quarter' as comparison,
        lag(period_ends.period_end) over (order by period_ends.period_end) as from_period_end,
        period_ends.period_end as to_period_end
    from period_ends
    cross join parameters
    where
        parameters.period_grain = 'month'
        and extract(month from period_ends.period_end) in (3, 6, 9, 12)
),

pairs as (
    select * from consecutive
    where from_period_end is not null
    union all
    select * from quarter_over_quarter
    where from_period_end is not null
),

from_side as (
    select
        pairs.comparison,
        pairs.from_period_end,
        pairs.to_period_end,
        history.entity_type,
        history.entity_id,
        history.segment,
        history.segment_value
    from pairs
    inner join history on pairs.from_period_end = history.period_end
),

to_side as (
    select
        pairs.comparison,
        pairs.from_period_end,
        pairs.to_period_end,
        history.entity_type,
        history.entity_id,
        history.segment,
        history.segment_value,
        history.is_period_closed
    from pairs
    inner join history on pairs.to_period_end = history.period_end
),

to_closed as (
    select distinct
        comparison,
        to_period_end,
        is_period_closed
    from to_side
),

moves as (
    select
        coalesce(from_side.entity_type, to_side.entity_type) as entity_type,
        coalesce(from_side.comparison, to_side.comparison) as comparison,
        coalesce(from_side.from_period_end, to_side.from_period_end) as from_period_end,
        coalesce(from_side.to_period_end, to_side.to_period_end) as to_period_end,
        coalesce(from_side.segment, '(none)') as from_segment,
        coalesce(to_side.segment, '(none)') as to_segment,
        from_side.segment_value as from_value,
        to_side.segment_value as to_value
    from from_side
    full outer join to_side
        on
            from_side.comparison = to_side.comparison
            and from_side.to_period_end = to_side.to_period_end
            and from_side.entity_type = to_side.entity_type
            and from_side.entity_id = to_side.entity_id
),

matrix as (
    select
        entity_type,
        comparison,
        from_period_end,
        to_period_end,
        from_segment,
        to_segment,
        count(*) as members,
        coalesce({{ exact_sum('from_value') }}, 0.0) as from_value,
        coalesce({{ exact_sum('to_value') }}, 0.0) as to_value
    from moves
    group by entity_type, comparison, from_period_end, to_period_end, from_segment, to_segment
),

from_segments as (
    select
        entity_type,
        comparison,
        to_period_end,
        from_segment,
        cast(sum(members) as bigint) as from_segment_members,  -- exact: integer
        cast(sum(case when to_segment = from_segment then members else 0 end) as bigint) as stayed_members  -- exact: integer
    from matrix
    group by entity_type, comparison, to_period_end, from_segment
),

final as (
    select
        matrix.entity_type,
        matrix.comparison,
        matrix.from_period_end,
        matrix.to_period_end,
        not coalesce(to_closed.is_period_closed, true) as is_provisional,
        matrix.from_segment,
        matrix.to_segment,
        matrix.members,
        matrix.from_value,
        matrix.to_value,
        from_segments.from_segment_members,
        case
            when matrix.from_segment != '(none)'
                then cast(from_segments.stayed_members as double) / from_segments.from_segment_members
        end as stability_rate
    from matrix
    inner join from_segments
        on
            matrix.entity_type = from_segments.entity_type
            and matrix.comparison = from_segments.comparison
            and matrix.to_period_end = from_segments.to_period_end
            and matrix.from_segment = from_segments.from_segment
    left join to_closed
        on
            matrix.comparison = to_closed.comparison
            and matrix.to_period_end = to_closed.to_period_end
)

select * from final
