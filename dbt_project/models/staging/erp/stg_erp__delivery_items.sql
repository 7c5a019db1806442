{{ extract_date_delta_config(['delivery_id', 'delivery_item']) }}
{# One row per delivery item. Delta: a re-sent delivery item supersedes by extract date, file and row.
   Rows with an unparseable value are left to STG01 quarantine (int_unparseable_rows_quarantined).
   Incremental: only rows landed since the last run are read, compared with the version of
   their key the table holds, and the winners replace it (delete+insert on the key). #}
-- noqa: disable=LT02
{# (indentation is checked on the rendered loop/branches, which sqlfluff cannot map back) #}
with

base as (
    select * from {{ ref('base_erp__delivery_item') }}
    where _parse_errors is null
    {%- if is_incremental() %}
        and {{ landed_after_watermark() }}
    {%- endif %}
),

latest as (
    {{ latest_versions(
        'base',
        ['delivery_id', 'delivery_item', 'sales_order_id', 'sales_order_item', 'product_id',
         'delivered_qty', 'goods_issue_date'],
        ['delivery_id', 'delivery_item'],
        none,
        ['_extract_date', '_source_file', '_row_number'],
    ) }}
)

select * from latest
