{# STG01: one row per source and extract date: raw rows staging read and those with a
   number, date or timestamp it could not parse (quarantined, int_unparseable_rows_quarantined). #}
with

row_counts as (
    select * from {{ ref('int_staged_row_counts') }}
),

counted as (
    select
        source,
        'STG01' as rule_id,
        'unparseable_value' as check_name,
        extract_date,
        cast(rows_read as bigint) as rows_checked,
        cast(rows_read - rows_parsed as bigint) as rows_failed,
        cast(rows_read - rows_parsed as bigint) as rows_quarantined
    from row_counts
)

select * from counted
