{{ extract_date_delta_config('notification_id') }}
{# One row per quality notification. Delta: a re-sent notification supersedes by extract date, file and row.
   Rows with an unparseable value are left to STG01 quarantine (int_unparseable_rows_quarantined).
   Incremental: only rows landed since the last run are read, compared with the version of
   their key the table holds, and the winners replace it (delete+insert on the key). #}
-- noqa: disable=LT02
{# (indentation is checked on the rendered loop/branches, which sqlfluff cannot map back) #}
with

base as (
    select * from {{ ref('base_procurement__quality_notification') }}
    where _parse_errors is null
    {%- if is_incremental() %}
        and {{ landed_after_watermark() }}
    {%- endif %}
),

latest as (
    {{ latest_versions(
        'base',
        ['notification_id', 'supplier_id', 'product_id', 'po_number', 'po_item',
         'inspected_qty', 'defect_qty', 'defect_code', 'severity', 'created_on'],
        ['notification_id'],
        none,
        ['_extract_date', '_source_file', '_row_number'],
    ) }}
)

select * from latest
