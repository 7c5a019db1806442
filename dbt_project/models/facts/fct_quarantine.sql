{# One row per quarantined row (or rejected file), wherever it was rejected: ingestion's
   unparseable rows (ING01) and rejected files (ING02, row_number null: the whole file, named
   column in the reason), staging's unparseable values (STG01), and the quality notifications
   that CR03 or CR04 quarantine. Quarantined rows stay in raw. #}
-- depends_on: {{ ref('data_quality_rules') }}
with

ingestion_quarantine as (
    select * from {{ ref('stg_ingestion__quarantine') }}
),

file_rejections as (
    select * from {{ ref('stg_ingestion__file_rejections') }}
),

unparseable_rows as (
    select * from {{ ref('int_unparseable_rows_quarantined') }}
),

notifications as (
    select * from {{ ref('int_quality_notifications_checked') }}
    where quarantine_rule_id is not null
),

unioned as (
    select
        source,
        source_file,
        extract_date,
        row_number,
        rule_id,
        reason
    from ingestion_quarantine
    union all
    select
        source,
        source_file,
        extract_date,
        cast(null as bigint) as row_number,
        'ING02' as rule_id,
        reason
    from file_rejections
    union all
    select
        source,
        source_file,
        extract_date,
        row_number,
        rule_id,
        reason
    from unparseable_rows
    union all
    select
        'procurement/quality_notification' as source,
        _source_file as source_file,
        _extract_date as extract_date,
        _row_number as row_number,
        quarantine_rule_id as rule_id,
        quarantine_reason as reason
    from notifications
)

select * from unioned
