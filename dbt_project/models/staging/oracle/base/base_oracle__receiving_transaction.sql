{# One row per raw oracle/receiving_transaction row typed and normalised, with its unparseable fields. #}
with

source as (
    {{ landed_as_of('raw', 'oracle__receiving_transaction') }}
),

parsed as (
    select
        *,
        cast({{ parse_timestamp_with_offset_utc('transaction_date') }} as date) as transaction_date_date,
        {{ parse_number('quantity') }} as quantity_number,
        {{ parse_number('primary_quantity') }} as primary_quantity_number
    from source
),

typed as (
    select
        {{ normalize_id('transaction_id') }} as transaction_id,
        {{ normalize_id('parent_transaction_id') }} as parent_transaction_id,
        upper(trim(transaction_type)) as transaction_type,
        transaction_date_date as transaction_date,
        {{ normalize_id('po_header_id') }} as po_header_id,
        {{ normalize_id('po_line_id') }} as po_line_id,
        {{ normalize_id('po_line_location_id') }} as line_location_id,
        {{ normalize_id('organization_id') }} as organization_id,
        quantity_number as quantity,
        upper(trim(uom_code)) as uom,
        primary_quantity_number as primary_quantity,
        {{ parse_errors([
            unparseable_field('TRANSACTION_DATE', 'transaction_date', 'transaction_date_date'),
            unparseable_field('QUANTITY', 'quantity', 'quantity_number'),
            unparseable_field('PRIMARY_QUANTITY', 'primary_quantity', 'primary_quantity_number'),
        ]) }} as _parse_errors,
        {{ row_content_hash([
            'transaction_id', 'parent_transaction_id', 'transaction_type', 'transaction_date',
            'po_header_id', 'po_line_id', 'po_line_location_id', 'organization_id', 'quantity',
            'uom_code', 'primary_quantity'
        ]) }} as _row_hash,
        {{ raw_metadata_columns() }}
    from parsed
)

select * from typed
