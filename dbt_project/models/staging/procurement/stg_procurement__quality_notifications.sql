{# One row per quality notification. Delta: a re-sent notification supersedes by extract date, file and row.
   Rows with an unparseable value are left to STG01 quarantine (int_unparseable_rows_quarantined). #}
with

base as (
    select * from {{ ref('base_procurement__quality_notification') }}
    where _parse_errors is null
),

ranked as (
    select
        *,
        {{ latest_version_rank(['notification_id']) }} as _version_rank
    from base
),

latest as (
    select
        notification_id,
        supplier_id,
        product_id,
        po_number,
        po_item,
        inspected_qty,
        defect_qty,
        defect_code,
        severity,
        created_on,
        _extract_date,
        _source_file,
        _row_number
    from ranked
    where _version_rank = 1
)

select * from latest
