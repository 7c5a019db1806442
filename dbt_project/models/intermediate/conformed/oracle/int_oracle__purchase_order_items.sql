{# One row per Oracle PO schedule (PO_LINE_LOCATIONS_ALL, latest versions of header, line and
   schedule) in the shape of stg_erp__purchase_order_items: PO number prefixed ORA-, item =
   line number (.schedule number after the first), price per primary unit (price unit 1),
   requested date = promised date else need-by date, the source agreement as contract. #}
with

schedules as (
    select * from {{ ref('stg_oracle__po_schedules') }}
),

lines as (
    select * from {{ ref('stg_oracle__po_lines') }}
),

headers as (
    select * from {{ ref('stg_oracle__po_headers') }}
),

xref as (
    select * from {{ ref('int_master_xref') }}
),

organizations as (
    select * from {{ ref('oracle_organizations') }}
),

shaped as (
    select
        'ORA-' || headers.po_number as po_number,
        lines.line_num || case when schedules.shipment_num = '1' then '' else '.' || schedules.shipment_num end as po_item,
        headers.document_type,
        coalesce(suppliers.global_id, headers.source_supplier_id) as supplier_id,
        coalesce(items.global_id, lines.source_item_id) as product_id,
        coalesce(organizations.plant_id, schedules.organization_id) as plant_id,
        schedules.quantity as ordered_qty,
        case lines.uom when 'EA' then 'ST' else lines.uom end as base_unit,
        lines.unit_price as net_price,
        cast(1 as decimal(18, 4)) as price_unit,
        headers.currency,
        headers.po_date,
        coalesce(schedules.promised_date, schedules.need_by_date) as requested_date,
        case when lines.source_agreement_id is not null then 'ORA-' || lines.source_agreement_id end as contract_id,
        cast(null as {{ dbt.type_string() }}) as contract_item,
        headers.agent_id as purchasing_group,
        schedules.is_cancelled or lines.is_cancelled as is_deleted,
        cast(greatest(schedules.last_updated_at, lines.last_updated_at, headers.last_updated_at) as date) as changed_date,
        {# the SAP PO release (FRGSX / FRGKE / FRGZU): Oracle delivers none #}
        cast(null as {{ dbt.type_string() }}) as release_strategy,
        cast(null as {{ dbt.type_string() }}) as release_indicator,
        cast(null as integer) as released_levels,
        schedules._extract_date,
        schedules._source_file,
        schedules._row_number,
        {{ source_columns('oracle') }}
    from schedules
    inner join lines
        on schedules.po_line_id = lines.po_line_id
    inner join headers
        on schedules.po_header_id = headers.po_header_id
    left join xref as suppliers
        on suppliers.object_type = 'supplier' and headers.source_supplier_id = suppliers.source_surrogate_id
    left join xref as items
        on items.object_type = 'product' and lines.source_item_id = items.source_surrogate_id
    left join organizations
        on schedules.organization_id = organizations.organization_id
)

select * from shaped
