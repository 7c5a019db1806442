{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='period_end',
        on_schema_change='append_new_columns',
        full_refresh=false,
    )
}}
{# The segment history: one row per entity and period end, kept across runs and never rebuilt
   (full_refresh=false: neither --full-refresh nor a run with an explicit as-of date drops it).
   Each run replaces its as-of date's period as a whole (delete+insert on period_end, so an
   entity gone from the segmentation leaves no stale row), except that a provisional row
   never replaces a closed one: a run as of a mid-period date of a past period keeps that
   period's record. `chainseg history backfill` writes the past period ends the same way, one
   transaction per period (docs/segment-history.md). #}
with

current_period as (
    select * from {{ ref('segment_history_current') }}
),

final as (
    select current_period.* from current_period
    {%- if is_incremental() %}
        where not exists (
            select 1 from {{ this }} as recorded
            where
                recorded.period_end = current_period.period_end
                and recorded.is_period_closed
                and not current_period.is_period_closed
        )
    {%- endif %}
)

select * from final
