{# One row per raw procurement/quality_notification row typed and normalised. #}
with

source as (
    {{ landed_as_of('raw', 'procurement__quality_notification') }}
),

parsed as (
    select
        *,
        {{ parse_number('inspected_qty') }} as inspected_qty_number,
        {{ parse_number('defect_qty') }} as defect_qty_number,
        {{ parse_iso_date('created_on') }} as created_on_date
    from source
),

typed as (
    select
        {{ normalize_id('notification_id') }} as notification_id,
        {{ normalize_id('supplier_id') }} as supplier_id,
        {{ normalize_id('material_id') }} as product_id,
        {{ normalize_id('po_number') }} as po_number,
        {{ normalize_id('po_item') }} as po_item,
        inspected_qty_number as inspected_qty,
        defect_qty_number as defect_qty,
        upper(trim(defect_code)) as defect_code,
        lower(trim(severity)) as severity,
        created_on_date as created_on,
        {{ parse_errors([
            unparseable_field('inspected_qty', 'inspected_qty', 'inspected_qty_number'),
            unparseable_field('defect_qty', 'defect_qty', 'defect_qty_number'),
            unparseable_field('created_on', 'created_on', 'created_on_date'),
        ]) }} as _parse_errors,
        {{ row_content_hash([
            'notification_id', 'supplier_id', 'material_id', 'po_number', 'po_item', 'inspected_qty',
            'defect_qty', 'defect_code', 'severity', 'created_on'
        ]) }} as _row_hash,
        {{ raw_metadata_columns() }}
    from parsed
)

select * from typed
