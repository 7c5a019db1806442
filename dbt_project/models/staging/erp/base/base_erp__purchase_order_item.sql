{# One row per raw erp/purchase_order_item row typed and normalised, with its unparseable fields. #}
with

source as (
    {{ landed_as_of('raw', 'erp__purchase_order_item') }}
),

parsed as (
    select
        *,
        {{ parse_sap_number('menge') }} as ordered_qty,
        {{ parse_sap_number('netpr') }} as net_price,
        {{ parse_sap_number('peinh') }} as price_unit,
        {{ parse_sap_date('bedat') }} as po_date,
        {{ parse_sap_date('eindt') }} as requested_date,
        {{ parse_sap_date('aedat') }} as changed_date
    from source
),

typed as (
    select
        {{ normalize_id('ebeln') }} as po_number,
        {{ normalize_id('ebelp') }} as po_item,
        upper(trim(bsart)) as document_type,
        {{ normalize_id('lifnr') }} as supplier_id,
        {{ normalize_id('matnr') }} as product_id,
        {{ normalize_id('werks') }} as plant_id,
        ordered_qty,
        upper(trim(meins)) as base_unit,
        net_price,
        price_unit,
        upper(trim(waers)) as currency,
        po_date,
        requested_date,
        {{ normalize_id('konnr') }} as contract_id,
        {{ normalize_id('ktpnr') }} as contract_item,
        upper(trim(ekgrp)) as purchasing_group,
        {{ parse_sap_flag('loekz') }} as is_deleted,
        changed_date,
        {# SAP release (EKKO FRGSX / FRGKE / FRGZU): optional fields, null in older files #}
        upper(trim(frgsx)) as release_strategy,
        upper(trim(frgke)) as release_indicator,
        {# FRGZU holds one 'X' per release level passed: the level that released the PO #}
        case
            when frgzu is not null then cast(length(trim(frgzu)) as integer)
            when frgke is not null then 0
        end as released_levels,
        {{ parse_errors([
            unparseable_field('MENGE', 'menge', 'ordered_qty'),
            unparseable_field('NETPR', 'netpr', 'net_price'),
            unparseable_field('PEINH', 'peinh', 'price_unit'),
            unparseable_field('BEDAT', 'bedat', 'po_date'),
            unparseable_field('EINDT', 'eindt', 'requested_date'),
            unparseable_field('AEDAT', 'aedat', 'changed_date'),
        ]) }} as _parse_errors,
        {{ row_content_hash([
            'ebeln', 'ebelp', 'bsart', 'lifnr', 'matnr', 'werks', 'menge', 'meins', 'netpr', 'peinh',
            'waers', 'bedat', 'eindt', 'konnr', 'ktpnr', 'ekgrp', 'loekz', 'aedat',
            'frgsx', 'frgke', 'frgzu'
        ]) }} as _row_hash,
        {{ raw_metadata_columns() }}
    from parsed
)

select * from typed
