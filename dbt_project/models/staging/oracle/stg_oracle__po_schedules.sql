{{ extract_date_delta_config('line_location_id') }}
{# One row per PO schedule. Delta: the latest LAST_UPDATE_DATE per key.
   Rows with an unparseable value are left to STG01 quarantine (int_unparseable_rows_quarantined).
   Incremental: only rows landed since the last run are read, compared with the version of
   their key the table holds, and the winners replace it (delete+insert on the key). #}
-- noqa: disable=LT02
{# (indentation is checked on the rendered loop/branches, which sqlfluff cannot map back) #}
with

base as (
    select * from {{ ref('base_oracle__po_schedule') }}
    where _parse_errors is null
    {%- if is_incremental() %}
        and {{ landed_after_watermark() }}
    {%- endif %}
),

latest as (
    {{ latest_versions(
        'base',
        ['line_location_id', 'po_line_id', 'po_header_id', 'shipment_num',
         'organization_id', 'quantity', 'quantity_received', 'quantity_cancelled',
         'need_by_date', 'promised_date', 'is_cancelled', 'last_updated_at'],
        ['line_location_id'],
        'last_updated_at',
        ['_extract_date', '_source_file', '_row_number'],
    ) }}
)

select * from latest
