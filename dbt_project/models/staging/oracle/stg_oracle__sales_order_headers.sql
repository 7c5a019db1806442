{{ extract_date_delta_config('header_id') }}
{# One row per sales order header. Delta: the latest LAST_UPDATE_DATE per key.
   Rows with an unparseable value are left to STG01 quarantine (int_unparseable_rows_quarantined).
   Incremental: only rows landed since the last run are read, compared with the version of
   their key the table holds, and the winners replace it (delete+insert on the key). #}
-- noqa: disable=LT02
{# (indentation is checked on the rendered loop/branches, which sqlfluff cannot map back) #}
with

base as (
    select * from {{ ref('base_oracle__sales_order_header') }}
    where _parse_errors is null
    {%- if is_incremental() %}
        and {{ landed_after_watermark() }}
    {%- endif %}
),

latest as (
    {{ latest_versions(
        'base',
        ['header_id', 'order_number', 'source_customer_id', 'order_date', 'currency',
         'order_status', 'last_updated_at'],
        ['header_id'],
        'last_updated_at',
        ['_extract_date', '_source_file', '_row_number'],
    ) }}
)

select * from latest
