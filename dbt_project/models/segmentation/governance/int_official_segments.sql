{# One row per entity type x entity x period of the segment history: the computed segment,
   the official one that drives policies, and why they differ. The official segment changes
   only at a review (a closed period whose month is a multiple of the cadence seed) and only
   when the change condition holds there: the computed segment has held for the seed's number
   of consecutive periods, or (products) it is clear of every cut-off by the seed's margin, or
   the review is the annual full refresh. An entity's first period sets its first official
   segment. The condition reads the computed history only, so no recursion: the official
   segment is the computed one of the latest period up to now where the condition held (a
   running max of that period, joined back). A valid, complete override wins over both.
   As of the run's as-of date D: only the periods recorded on or before D count (a row's
   as_of_date, the date it was computed at), so a run as of a past date on a warehouse that
   has recorded later periods ignores them, and every reader of the official segments (the
   policies, the feeds, the governance and migration marts) sees the history as it stood on
   D. The rules above only look back along the history, so a period's row is the same with or
   without the periods after it. #}
with

as_of as (
    select as_of_date from {{ ref('int_as_of') }}
),

segment_history as (
    select recorded.*
    from {{ ref('segment_history') }} as recorded
    cross join as_of
    where recorded.as_of_date <= as_of.as_of_date
),

cadence as (
    select * from {{ ref('segment_review_cadence') }}
),

hysteresis as (
    select * from {{ ref('segment_hysteresis') }}
),

thresholds as (
    select * from {{ ref('product_segmentation_thresholds') }}
),

overrides as (
    select * from {{ ref('segment_overrides') }}
),

history_runs as (
    select
        segment_history.*,
        row_number() over (
            partition by segment_history.entity_type, segment_history.entity_id
            order by segment_history.period_end
        ) as period_number,
        {# gaps and islands: constant along a run of the same computed segment #}
        row_number()
            over (
                partition by segment_history.entity_type, segment_history.entity_id
                order by segment_history.period_end
            )
        - row_number() over (
            partition by
                segment_history.entity_type,
                segment_history.entity_id,
                coalesce(segment_history.segment, '(none)')
            order by segment_history.period_end
        ) as segment_run
    from segment_history
),

history_held as (
    select
        history_runs.*,
        row_number() over (
            partition by
                history_runs.entity_type,
                history_runs.entity_id,
                coalesce(history_runs.segment, '(none)'),
                history_runs.segment_run
            order by history_runs.period_end
        ) as periods_held
    from history_runs
),

review_flags as (
    select
        history_held.*,
        hysteresis.min_periods_held,
        coalesce(hysteresis.share_before_margin is not null, false) as has_boundary_margin,
        coalesce(
            history_held.is_period_closed
            and extract(month from history_held.period_end) % cadence.review_every_months = 0,
            false
        ) as is_review_period,
        coalesce(
            history_held.is_period_closed
            and extract(month from history_held.period_end) = cadence.full_refresh_month,
            false
        ) as is_full_refresh,
        {# clear of the boundary: both product dimensions away from their cut-offs by the
           margin (no demand CoV: no XYZ boundary to sit on); no margin, no such route #}
        coalesce(
            hysteresis.share_before_margin is not null
            and least(
                abs(history_held.sales_share_before - thresholds.abc_a_max_share_before),
                abs(history_held.sales_share_before - thresholds.abc_b_max_share_before)
            ) >= hysteresis.share_before_margin
            and (
                history_held.demand_cov_52w is null
                or hysteresis.cov_margin is null
                or least(
                    abs(history_held.demand_cov_52w - thresholds.xyz_x_max_cov),
                    abs(history_held.demand_cov_52w - thresholds.xyz_y_max_cov)
                ) >= hysteresis.cov_margin
            ),
            false
        ) as is_clear_of_boundary
    from history_held
    cross join cadence
    cross join thresholds
    left join hysteresis
        on history_held.entity_type = hysteresis.entity_type
),

change_condition as (
    select
        review_flags.*,
        coalesce(
            review_flags.period_number = 1
            or review_flags.is_full_refresh
            or (
                review_flags.is_review_period
                and (
                    review_flags.periods_held >= review_flags.min_periods_held
                    or review_flags.is_clear_of_boundary
                )
            ),
            false
        ) as is_adopted
    from review_flags
),

adopted_periods as (
    select
        change_condition.*,
        max(
            case when change_condition.is_adopted then change_condition.period_end end
        ) over (
            partition by change_condition.entity_type, change_condition.entity_id
            order by change_condition.period_end
            rows between unbounded preceding and current row
        ) as reviewed_since
    from change_condition
),

reviewed as (
    select
        adopted_periods.*,
        adopted.segment as reviewed_segment
    from adopted_periods
    left join change_condition as adopted
        on
            adopted_periods.entity_type = adopted.entity_type
            and adopted_periods.entity_id = adopted.entity_id
            and adopted_periods.reviewed_since = adopted.period_end
),

{# an override applies on a period whose as-of date lies in its window, and only with an
   owner and a reason; of two such, the later valid_from wins #}
applicable_overrides as (
    select
        reviewed.entity_type,
        reviewed.entity_id,
        reviewed.period_end,
        overrides.segment,
        overrides.reason,
        overrides.owner,
        overrides.valid_from,
        overrides.valid_to,
        row_number() over (
            partition by reviewed.entity_type, reviewed.entity_id, reviewed.period_end
            order by overrides.valid_from desc
        ) as override_rank
    from reviewed
    inner join overrides
        on
            reviewed.entity_type = overrides.entity_type
            and reviewed.entity_id = overrides.entity_id
            and reviewed.as_of_date >= overrides.valid_from
            and (overrides.valid_to is null or reviewed.as_of_date <= overrides.valid_to)
    where
        coalesce(trim(overrides.owner), '') != ''
        and coalesce(trim(overrides.reason), '') != ''
),

official as (
    select
        reviewed.*,
        applicable_overrides.segment as override_segment,
        applicable_overrides.reason as override_reason,
        applicable_overrides.owner as override_owner,
        applicable_overrides.valid_from as override_valid_from,
        applicable_overrides.valid_to as override_valid_to,
        coalesce(applicable_overrides.segment, reviewed.reviewed_segment) as official_segment
    from reviewed
    left join applicable_overrides
        on
            reviewed.entity_type = applicable_overrides.entity_type
            and reviewed.entity_id = applicable_overrides.entity_id
            and reviewed.period_end = applicable_overrides.period_end
            and applicable_overrides.override_rank = 1
),

final as (
    select
        entity_type,
        entity_id,
        period_end,
        as_of_date,
        is_period_closed,
        is_review_period,
        is_full_refresh,
        segment as computed_segment,
        segment_value,
        periods_held,
        is_clear_of_boundary,
        reviewed_segment,
        reviewed_since,
        official_segment,
        coalesce(
            official_segment != lag(official_segment) over (
                partition by entity_type, entity_id order by period_end
            ),
            false
        ) as is_official_change,
        case
            when coalesce(official_segment = segment, official_segment is null and segment is null)
                then null
            when override_segment is not null then 'override'
            when not is_review_period then 'awaiting_review'
            {# at a review the change was refused: neither held long enough nor (where a
               margin applies) clear of the cut-offs by it #}
            when has_boundary_margin then 'within_boundary_margin'
            else 'not_held_long_enough'
        end as difference_reason,
        override_segment,
        override_reason,
        override_owner,
        override_valid_from,
        override_valid_to,
        business_units
    from official
)

select * from final
