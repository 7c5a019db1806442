{# ING02: one row per source and extract date with a rejected file. A rejected file is
   quarantined whole and its rows were never read into raw, so the counts here are files. #}
with

file_rejections as (
    select * from {{ ref('stg_ingestion__file_rejections') }}
),

counted as (
    select
        source,
        'ING02' as rule_id,
        'missing_required_column' as check_name,
        extract_date,
        cast(count(*) as bigint) as rows_checked,
        cast(count(*) as bigint) as rows_failed,
        cast(count(*) as bigint) as rows_quarantined
    from file_rejections
    group by source, extract_date
)

select * from counted
