{# One row per calendar day from the start of the year before the first extract to the end
   of the year after the last, so order, requested and receipt dates all find their day. #}
with

file_ledger as (
    select * from {{ ref('stg_ingestion__file_ledger') }}
),

bounds as (
    select
        {{ dbt.date_trunc('year', dbt.dateadd('year', -1, 'min(extract_date)')) }} as first_day,
        {{ dbt.dateadd('day', -1, dbt.date_trunc('year', dbt.dateadd('year', 2, 'max(extract_date)'))) }} as last_day
    from file_ledger
),

spine as (
    {{ date_spine_days('(select first_day from bounds)', '(select last_day from bounds)') }}
),

calendar as (
    select
        date_day,
        {{ iso_week_start('date_day') }} as iso_week_start,
        cast({{ dbt.date_trunc('month', 'date_day') }} as date) as month_start,
        cast(extract(year from date_day) as integer) as year,
        cast({{ iso_year('date_day') }} as integer) as iso_year,
        cast({{ iso_week('date_day') }} as integer) as iso_week
    from spine
    where date_day is not null
)

select * from calendar
