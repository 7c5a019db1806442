{# One row per raw erp/goods_receipt row typed and normalised; quantities keep their sign
   (102/122 arrive with a trailing minus). #}
with

source as (
    {{ landed_as_of('raw', 'erp__goods_receipt') }}
),

parsed as (
    select
        *,
        {{ parse_sap_date('budat') }} as posting_date,
        {{ parse_sap_number('menge') }} as quantity
    from source
),

typed as (
    select
        {{ normalize_id('mblnr') }} as material_document,
        {{ normalize_id('mjahr') }} as document_year,
        {{ normalize_id('zeile') }} as document_item,
        {{ normalize_id('ebeln') }} as po_number,
        {{ normalize_id('ebelp') }} as po_item,
        {{ normalize_id('matnr') }} as product_id,
        {{ normalize_id('werks') }} as plant_id,
        posting_date,
        quantity,
        {{ normalize_id('bwart') }} as movement_type,
        {{ parse_errors([
            unparseable_field('BUDAT', 'budat', 'posting_date'),
            unparseable_field('MENGE', 'menge', 'quantity'),
        ]) }} as _parse_errors,
        {{ row_content_hash(['mblnr', 'mjahr', 'zeile', 'ebeln', 'ebelp', 'matnr', 'werks', 'budat', 'menge', 'bwart']) }} as _row_hash,
        {{ raw_metadata_columns() }}
    from parsed
)

select * from typed
