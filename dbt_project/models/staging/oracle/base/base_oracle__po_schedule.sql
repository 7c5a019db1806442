{# One row per raw oracle/po_schedule row typed and normalised, with its unparseable fields. #}
with

source as (
    {{ landed_as_of('raw', 'oracle__po_schedule') }}
),

parsed as (
    select
        *,
        {{ parse_number('quantity') }} as quantity_number,
        {{ parse_number('quantity_received') }} as quantity_received_number,
        {{ parse_number('quantity_cancelled') }} as quantity_cancelled_number,
        {{ parse_iso_date('need_by_date') }} as need_by_date_date,
        {{ parse_iso_date('promised_date') }} as promised_date_date,
        {{ parse_timestamp_with_offset_utc('last_update_date') }} as last_update_date_ts
    from source
),

typed as (
    select
        {{ normalize_id('line_location_id') }} as line_location_id,
        {{ normalize_id('po_line_id') }} as po_line_id,
        {{ normalize_id('po_header_id') }} as po_header_id,
        {{ normalize_id('shipment_num') }} as shipment_num,
        {{ normalize_id('ship_to_organization_id') }} as organization_id,
        quantity_number as quantity,
        quantity_received_number as quantity_received,
        quantity_cancelled_number as quantity_cancelled,
        need_by_date_date as need_by_date,
        promised_date_date as promised_date,
        coalesce(upper(trim(cancel_flag)) = 'Y', false) as is_cancelled,
        last_update_date_ts as last_updated_at,
        {{ parse_errors([
            unparseable_field('QUANTITY', 'quantity', 'quantity_number'),
            unparseable_field('QUANTITY_RECEIVED', 'quantity_received', 'quantity_received_number'),
            unparseable_field('QUANTITY_CANCELLED', 'quantity_cancelled', 'quantity_cancelled_number'),
            unparseable_field('NEED_BY_DATE', 'need_by_date', 'need_by_date_date'),
            unparseable_field('PROMISED_DATE', 'promised_date', 'promised_date_date'),
            unparseable_field('LAST_UPDATE_DATE', 'last_update_date', 'last_update_date_ts'),
        ]) }} as _parse_errors,
        {{ row_content_hash([
            'line_location_id', 'po_line_id', 'po_header_id', 'shipment_num',
            'ship_to_organization_id', 'quantity', 'quantity_received', 'quantity_cancelled',
            'need_by_date', 'promised_date', 'cancel_flag', 'last_update_date'
        ]) }} as _row_hash,
        {{ raw_metadata_columns() }}
    from parsed
)

select * from typed
