{# One row per raw erp/stock row typed and normalised; the extract date is the snapshot date. #}
with

source as (
    {{ landed_as_of('raw', 'erp__stock') }}
),

parsed as (
    select
        *,
        {{ parse_sap_number('labst') }} as unrestricted_qty,
        {{ parse_sap_number('insme') }} as inspection_qty,
        {{ parse_sap_number('speme') }} as blocked_qty
    from source
),

typed as (
    select
        _extract_date as snapshot_date,
        {{ normalize_id('matnr') }} as product_id,
        {{ normalize_id('werks') }} as plant_id,
        unrestricted_qty,
        inspection_qty,
        blocked_qty,
        {{ parse_errors([
            unparseable_field('LABST', 'labst', 'unrestricted_qty'),
            unparseable_field('INSME', 'insme', 'inspection_qty'),
            unparseable_field('SPEME', 'speme', 'blocked_qty'),
        ]) }} as _parse_errors,
        {{ row_content_hash(['matnr', 'werks', 'labst', 'insme', 'speme']) }} as _row_hash,
        {{ raw_metadata_columns() }}
    from parsed
)

select * from typed
