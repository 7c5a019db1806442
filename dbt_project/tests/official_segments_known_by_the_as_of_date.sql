{# The official segments (and every reader of them: the policies, the feeds, the governance
   and migration marts) know only the periods recorded on or before the run's as-of date: a
   row for each one recorded later. A check on int_official_segments in Dagster (a test with
   two parents names its model). #}
{{ config(meta={'dagster': {'ref': {'name': 'int_official_segments'}}}) }}
with

official_segments as (
    select * from {{ ref('int_official_segments') }}
),

as_of as (
    select as_of_date from {{ ref('int_as_of') }}
),

recorded_later as (
    select
        official_segments.entity_type,
        official_segments.entity_id,
        official_segments.period_end,
        official_segments.as_of_date
    from official_segments
    cross join as_of
    where official_segments.as_of_date > as_of.as_of_date
)

select * from recorded_later
