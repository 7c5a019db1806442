{# One row per raw oracle/po_line row typed and normalised, with its unparseable fields. #}
with

source as (
    {{ landed_as_of('raw', 'oracle__po_line') }}
),

parsed as (
    select
        *,
        {{ parse_number('unit_price') }} as unit_price_number,
        {{ parse_number('quantity') }} as quantity_number,
        {{ parse_timestamp_with_offset_utc('last_update_date') }} as last_update_date_ts
    from source
),

typed as (
    select
        {{ normalize_id('po_line_id') }} as po_line_id,
        {{ normalize_id('po_header_id') }} as po_header_id,
        {{ normalize_id('line_num') }} as line_num,
        {{ normalize_id('item_id') }} as source_item_id,
        upper(trim(uom_code)) as uom,
        unit_price_number as unit_price,
        quantity_number as quantity,
        {{ normalize_id('from_header_id') }} as source_agreement_id,
        coalesce(upper(trim(cancel_flag)) = 'Y', false) as is_cancelled,
        last_update_date_ts as last_updated_at,
        {{ parse_errors([
            unparseable_field('UNIT_PRICE', 'unit_price', 'unit_price_number'),
            unparseable_field('QUANTITY', 'quantity', 'quantity_number'),
            unparseable_field('LAST_UPDATE_DATE', 'last_update_date', 'last_update_date_ts'),
        ]) }} as _parse_errors,
        {{ row_content_hash([
            'po_line_id', 'po_header_id', 'line_num', 'item_id', 'uom_code', 'unit_price',
            'quantity', 'from_header_id', 'cancel_flag', 'last_update_date'
        ]) }} as _row_hash,
        {{ raw_metadata_columns() }}
    from parsed
)

select * from typed
