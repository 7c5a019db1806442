{# One row per goods receipt line. Delta, immutable: exact re-sends collapse to one row per document line.
   Rows with an unparseable value are left to STG01 quarantine (int_unparseable_rows_quarantined). #}
with

base as (
    select * from {{ ref('base_erp__goods_receipt') }}
    where _parse_errors is null
),

ranked as (
    select
        *,
        {{ latest_version_rank(['material_document', 'document_year', 'document_item']) }} as _version_rank
    from base
),

latest as (
    select
        material_document,
        document_year,
        document_item,
        po_number,
        po_item,
        product_id,
        plant_id,
        posting_date,
        quantity,
        movement_type,
        _extract_date,
        _source_file,
        _row_number
    from ranked
    where _version_rank = 1
)

select * from latest
