{# One row per raw erp/delivery_item row typed and normalised, with its unparseable fields. #}
with

source as (
    {{ landed_as_of('raw', 'erp__delivery_item') }}
),

parsed as (
    select
        *,
        {{ parse_sap_number('lfimg') }} as delivered_qty,
        {{ parse_sap_date('wadat_ist') }} as goods_issue_date
    from source
),

typed as (
    select
        {{ normalize_id('vbeln') }} as delivery_id,
        {{ normalize_id('posnr') }} as delivery_item,
        {{ normalize_id('vgbel') }} as sales_order_id,
        {{ normalize_id('vgpos') }} as sales_order_item,
        {{ normalize_id('matnr') }} as product_id,
        delivered_qty,
        goods_issue_date,
        {{ parse_errors([
            unparseable_field('LFIMG', 'lfimg', 'delivered_qty'),
            unparseable_field('WADAT_IST', 'wadat_ist', 'goods_issue_date'),
        ]) }} as _parse_errors,
        {{ row_content_hash(['vbeln', 'posnr', 'vgbel', 'vgpos', 'matnr', 'lfimg', 'wadat_ist']) }} as _row_hash,
        {{ raw_metadata_columns() }}
    from parsed
)

select * from typed
