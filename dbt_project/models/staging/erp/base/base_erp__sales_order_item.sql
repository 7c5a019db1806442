{# One row per raw erp/sales_order_item row typed and normalised, with its unparseable fields. #}
with

source as (
    {{ landed_as_of('raw', 'erp__sales_order_item') }}
),

parsed as (
    select
        *,
        {{ parse_sap_number('kwmeng') }} as ordered_qty,
        {{ parse_sap_number('netwr') }} as net_value,
        {{ parse_sap_date('erdat') }} as order_date,
        {{ parse_sap_date('vdatu') }} as requested_date,
        {{ try_cast('trim(lprio)', 'integer') }} as delivery_priority,
        {{ parse_sap_date('aedat') }} as changed_date
    from source
),

typed as (
    select
        {{ normalize_id('vbeln') }} as sales_order_id,
        {{ normalize_id('posnr') }} as sales_order_item,
        {{ normalize_id('kunnr') }} as customer_id,
        {{ normalize_id('kunwe') }} as ship_to_customer_id,
        {{ normalize_id('matnr') }} as product_id,
        {{ normalize_id('werks') }} as plant_id,
        ordered_qty,
        net_value,
        upper(trim(waers)) as currency,
        order_date,
        requested_date,
        {{ normalize_id('vtweg') }} as channel_code,
        {{ sales_channel_name(normalize_id('vtweg')) }} as channel,
        delivery_priority,
        nullif(trim(abgru), '') as rejection_reason,
        coalesce(trim(abgru), '') <> '' as is_cancelled,
        changed_date,
        {{ parse_errors([
            unparseable_field('KWMENG', 'kwmeng', 'ordered_qty'),
            unparseable_field('NETWR', 'netwr', 'net_value'),
            unparseable_field('ERDAT', 'erdat', 'order_date'),
            unparseable_field('VDATU', 'vdatu', 'requested_date'),
            unparseable_field('LPRIO', 'lprio', 'delivery_priority'),
            unparseable_field('AEDAT', 'aedat', 'changed_date'),
        ]) }} as _parse_errors,
        {{ row_content_hash([
            'vbeln', 'posnr', 'kunnr', 'kunwe', 'matnr', 'werks', 'kwmeng', 'netwr', 'waers', 'erdat',
            'vdatu', 'vtweg', 'lprio', 'abgru', 'aedat'
        ]) }} as _row_hash,
        {{ raw_metadata_columns() }}
    from parsed
)

select * from typed
