{# One row per raw oracle/fulfillment_line row typed and normalised, with its unparseable fields. #}
with

source as (
    {{ landed_as_of('raw', 'oracle__fulfillment_line') }}
),

parsed as (
    select
        *,
        {{ parse_number('ordered_qty') }} as ordered_qty_number,
        {{ parse_number('extended_amount') }} as extended_amount_number,
        {{ parse_iso_date('request_ship_date') }} as request_ship_date_date,
        {{ parse_number('shipped_qty') }} as shipped_qty_number,
        {{ parse_iso_date('actual_ship_date') }} as actual_ship_date_date,
        {{ parse_timestamp_with_offset_utc('last_update_date') }} as last_update_date_ts
    from source
),

typed as (
    select
        {{ normalize_id('fulfill_line_id') }} as fulfill_line_id,
        {{ normalize_id('header_id') }} as header_id,
        {{ normalize_id('line_id') }} as line_id,
        {{ normalize_id('fulfill_line_number') }} as fulfill_line_number,
        {{ normalize_id('inventory_item_id') }} as source_item_id,
        {{ normalize_id('fulfill_org_id') }} as organization_id,
        {{ normalize_id('ship_to_customer_id') }} as source_ship_to_customer_id,
        ordered_qty_number as ordered_qty,
        upper(trim(ordered_uom)) as ordered_uom,
        extended_amount_number as extended_amount,
        request_ship_date_date as request_ship_date,
        shipped_qty_number as shipped_qty,
        actual_ship_date_date as actual_ship_date,
        upper(trim(ship_class_of_service)) as ship_class_of_service,
        upper(trim(demand_class_code)) as demand_class_code,
        upper(trim(status_code)) as line_status,
        coalesce(upper(trim(canceled_flag)) = 'Y', false) as is_cancelled,
        last_update_date_ts as last_updated_at,
        {{ parse_errors([
            unparseable_field('ORDERED_QTY', 'ordered_qty', 'ordered_qty_number'),
            unparseable_field('EXTENDED_AMOUNT', 'extended_amount', 'extended_amount_number'),
            unparseable_field('REQUEST_SHIP_DATE', 'request_ship_date', 'request_ship_date_date'),
            unparseable_field('SHIPPED_QTY', 'shipped_qty', 'shipped_qty_number'),
            unparseable_field('ACTUAL_SHIP_DATE', 'actual_ship_date', 'actual_ship_date_date'),
            unparseable_field('LAST_UPDATE_DATE', 'last_update_date', 'last_update_date_ts'),
        ]) }} as _parse_errors,
        {{ row_content_hash([
            'fulfill_line_id', 'header_id', 'line_id', 'fulfill_line_number', 'inventory_item_id',
            'fulfill_org_id', 'ship_to_customer_id', 'ordered_qty', 'ordered_uom',
            'extended_amount', 'request_ship_date', 'shipped_qty', 'actual_ship_date',
            'ship_class_of_service', 'demand_class_code', 'status_code', 'canceled_flag',
            'last_update_date'
        ]) }} as _row_hash,
        {{ raw_metadata_columns() }}
    from parsed
)

select * from typed
