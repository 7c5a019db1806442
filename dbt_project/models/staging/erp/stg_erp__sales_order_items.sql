{{ extract_date_delta_config(['sales_order_id', 'sales_order_item']) }}
{# One row per sales order line. Delta: ERP re-sends changed lines; keep the greatest AEDAT per SO line.
   Rows with an unparseable value are left to STG01 quarantine (int_unparseable_rows_quarantined).
   Incremental: only rows landed since the last run are read, compared with the version of
   their key the table holds, and the winners replace it (delete+insert on the key). #}
-- noqa: disable=LT02
{# (indentation is checked on the rendered loop/branches, which sqlfluff cannot map back) #}
with

base as (
    select * from {{ ref('base_erp__sales_order_item') }}
    where _parse_errors is null
    {%- if is_incremental() %}
        and {{ landed_after_watermark() }}
    {%- endif %}
),

latest as (
    {{ latest_versions(
        'base',
        ['sales_order_id', 'sales_order_item', 'customer_id', 'ship_to_customer_id',
         'product_id', 'plant_id', 'ordered_qty', 'net_value', 'currency', 'order_date',
         'requested_date', 'channel_code', 'channel', 'delivery_priority',
         'rejection_reason', 'is_cancelled', 'changed_date'],
        ['sales_order_id', 'sales_order_item'],
        'changed_date',
        ['_extract_date', '_source_file', '_row_number'],
    ) }}
)

select * from latest
