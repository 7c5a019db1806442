{# One row per Oracle receiving transaction that moves stock from or to the supplier, in the
   shape of stg_erp__goods_receipts: RECEIVE = 101 (+), RETURN TO VENDOR = 122 (-), CORRECT =
   102 with the sign of its quantity; DELIVER / ACCEPT / TRANSFER are internal steps after the
   receipt and are left out (else receipts would count twice). Quantities in the primary unit. #}
with

transactions as (
    select * from {{ ref('stg_oracle__receiving_transactions') }}
    where transaction_type in ('RECEIVE', 'RETURN TO VENDOR', 'CORRECT')
),

po_items as (
    select * from {{ ref('int_oracle__purchase_order_items') }}
),

schedules as (
    select * from {{ ref('stg_oracle__po_schedules') }}
),

lines as (
    select * from {{ ref('stg_oracle__po_lines') }}
),

headers as (
    select * from {{ ref('stg_oracle__po_headers') }}
),

organizations as (
    select * from {{ ref('oracle_organizations') }}
),

shaped as (
    select
        'ORA-' || transactions.transaction_id as material_document,
        cast(extract(year from transactions.transaction_date) as {{ dbt.type_string() }}) as document_year,
        '1' as document_item,
        'ORA-' || headers.po_number as po_number,
        lines.line_num || case when schedules.shipment_num = '1' then '' else '.' || schedules.shipment_num end as po_item,
        po_items.product_id,
        coalesce(organizations.plant_id, transactions.organization_id) as plant_id,
        transactions.transaction_date as posting_date,
        case transactions.transaction_type
            when 'RETURN TO VENDOR' then -abs(coalesce(transactions.primary_quantity, transactions.quantity))
            else coalesce(transactions.primary_quantity, transactions.quantity)
        end as quantity,
        case transactions.transaction_type
            when 'RECEIVE' then '101'
            when 'RETURN TO VENDOR' then '122'
            else '102'
        end as movement_type,
        transactions._extract_date,
        transactions._source_file,
        transactions._row_number,
        {{ source_columns('oracle') }}
    from transactions
    left join schedules
        on transactions.line_location_id = schedules.line_location_id
    left join lines
        on transactions.po_line_id = lines.po_line_id
    left join headers
        on transactions.po_header_id = headers.po_header_id
    left join po_items
        on
            'ORA-' || headers.po_number = po_items.po_number
            and lines.line_num || case when schedules.shipment_num = '1' then '' else '.' || schedules.shipment_num end = po_items.po_item
    left join organizations
        on transactions.organization_id = organizations.organization_id
)

select * from shaped
