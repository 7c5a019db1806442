{{ extract_date_delta_config(['po_number', 'po_item']) }}
{# One row per PO line. Delta: ERP re-sends changed lines; keep the greatest AEDAT per PO line.
   Rows with an unparseable value are left to STG01 quarantine (int_unparseable_rows_quarantined).
   Incremental: only rows landed since the last run are read, compared with the version of
   their key the table holds, and the winners replace it (delete+insert on the key). #}
-- noqa: disable=LT02
{# (indentation is checked on the rendered loop/branches, which sqlfluff cannot map back) #}
with

base as (
    select * from {{ ref('base_erp__purchase_order_item') }}
    where _parse_errors is null
    {%- if is_incremental() %}
        and {{ landed_after_watermark() }}
    {%- endif %}
),

latest as (
    {{ latest_versions(
        'base',
        ['po_number', 'po_item', 'document_type', 'supplier_id', 'product_id', 'plant_id',
         'ordered_qty', 'base_unit', 'net_price', 'price_unit', 'currency', 'po_date',
         'requested_date', 'contract_id', 'contract_item', 'purchasing_group', 'is_deleted',
         'changed_date', 'release_strategy', 'release_indicator', 'released_levels'],
        ['po_number', 'po_item'],
        'changed_date',
        ['_extract_date', '_source_file', '_row_number'],
    ) }}
)

select * from latest
