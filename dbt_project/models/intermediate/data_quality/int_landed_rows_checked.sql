{# ING01: one row per source and extract date: rows ingestion read from the landed files
   and those it could not parse (quarantined, never in raw). #}
with

file_ledger as (
    select * from {{ ref('stg_ingestion__file_ledger') }}
),

counted as (
    select
        source,
        'ING01' as rule_id,
        'unparseable_row' as check_name,
        extract_date,
        cast(sum(rows_read) as bigint) as rows_checked,
        cast(sum(rows_quarantined) as bigint) as rows_failed,
        cast(sum(rows_quarantined) as bigint) as rows_quarantined
    from file_ledger
    group by source, extract_date
)

select * from counted
