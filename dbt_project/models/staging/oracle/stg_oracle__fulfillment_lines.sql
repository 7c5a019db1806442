{{ extract_date_delta_config('fulfill_line_id') }}
{# One row per fulfillment line. Delta: the latest LAST_UPDATE_DATE per key.
   Rows with an unparseable value are left to STG01 quarantine (int_unparseable_rows_quarantined).
   Incremental: only rows landed since the last run are read, compared with the version of
   their key the table holds, and the winners replace it (delete+insert on the key). #}
-- noqa: disable=LT02
{# (indentation is checked on the rendered loop/branches, which sqlfluff cannot map back) #}
with

base as (
    select * from {{ ref('base_oracle__fulfillment_line') }}
    where _parse_errors is null
    {%- if is_incremental() %}
        and {{ landed_after_watermark() }}
    {%- endif %}
),

latest as (
    {{ latest_versions(
        'base',
        ['fulfill_line_id', 'header_id', 'line_id', 'fulfill_line_number', 'source_item_id',
         'organization_id', 'source_ship_to_customer_id', 'ordered_qty', 'ordered_uom',
         'extended_amount', 'request_ship_date', 'shipped_qty', 'actual_ship_date',
         'ship_class_of_service', 'demand_class_code', 'line_status', 'is_cancelled',
         'last_updated_at'],
        ['fulfill_line_id'],
        'last_updated_at',
        ['_extract_date', '_source_file', '_row_number'],
    ) }}
)

select * from latest
