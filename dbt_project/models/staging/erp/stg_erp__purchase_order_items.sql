{# One row per PO line. Delta: ERP re-sends changed lines; keep the greatest AEDAT per PO line.
   Rows with an unparseable value are left to STG01 quarantine (int_unparseable_rows_quarantined). #}
with

base as (
    select * from {{ ref('base_erp__purchase_order_item') }}
    where _parse_errors is null
),

ranked as (
    select
        *,
        {{ latest_version_rank(['po_number', 'po_item'], 'changed_date') }} as _version_rank
    from base
),

latest as (
    select
        po_number,
        po_item,
        document_type,
        supplier_id,
        product_id,
        plant_id,
        ordered_qty,
        base_unit,
        net_price,
        price_unit,
        currency,
        po_date,
        requested_date,
        contract_id,
        contract_item,
        purchasing_group,
        is_deleted,
        changed_date,
        release_strategy,
        release_indicator,
        released_levels,
        _extract_date,
        _source_file,
        _row_number
    from ranked
    where _version_rank = 1
)

select * from latest
