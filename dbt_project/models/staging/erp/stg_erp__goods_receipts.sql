{{ extract_date_delta_config(['material_document', 'document_year', 'document_item']) }}
{# One row per goods receipt line. Delta, immutable: exact re-sends collapse to one row per document line.
   Rows with an unparseable value are left to STG01 quarantine (int_unparseable_rows_quarantined).
   Incremental: only rows landed since the last run are read, compared with the version of
   their key the table holds, and the winners replace it (delete+insert on the key). #}
-- noqa: disable=LT02
{# (indentation is checked on the rendered loop/branches, which sqlfluff cannot map back) #}
with

base as (
    select * from {{ ref('base_erp__goods_receipt') }}
    where _parse_errors is null
    {%- if is_incremental() %}
        and {{ landed_after_watermark() }}
    {%- endif %}
),

latest as (
    {{ latest_versions(
        'base',
        ['material_document', 'document_year', 'document_item', 'po_number', 'po_item',
         'product_id', 'plant_id', 'posting_date', 'quantity', 'movement_type'],
        ['material_document', 'document_year', 'document_item'],
        none,
        ['_extract_date', '_source_file', '_row_number'],
    ) }}
)

select * from latest
