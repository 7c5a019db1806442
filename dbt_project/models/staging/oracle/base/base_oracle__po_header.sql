{# One row per raw oracle/po_header row typed and normalised, with its unparseable fields. #}
with

source as (
    {{ landed_as_of('raw', 'oracle__po_header') }}
),

parsed as (
    select
        *,
        cast({{ parse_timestamp_with_offset_utc('creation_date') }} as date) as creation_date_date,
        {{ parse_timestamp_with_offset_utc('last_update_date') }} as last_update_date_ts
    from source
),

typed as (
    select
        {{ normalize_id('po_header_id') }} as po_header_id,
        {{ normalize_id('segment1') }} as po_number,
        {{ normalize_id('prc_bu_id') }} as procurement_bu_id,
        upper(trim(type_lookup_code)) as document_type,
        {{ normalize_id('vendor_id') }} as source_supplier_id,
        upper(trim(currency_code)) as currency,
        {{ normalize_id('agent_id') }} as agent_id,
        upper(trim(document_status)) as document_status,
        creation_date_date as po_date,
        last_update_date_ts as last_updated_at,
        {{ parse_errors([
            unparseable_field('CREATION_DATE', 'creation_date', 'creation_date_date'),
            unparseable_field('LAST_UPDATE_DATE', 'last_update_date', 'last_update_date_ts'),
        ]) }} as _parse_errors,
        {{ row_content_hash([
            'po_header_id', 'segment1', 'prc_bu_id', 'type_lookup_code', 'vendor_id',
            'currency_code', 'agent_id', 'document_status', 'creation_date', 'last_update_date'
        ]) }} as _row_hash,
        {{ raw_metadata_columns() }}
    from parsed
)

select * from typed
