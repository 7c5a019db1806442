{# One row per shared attribute on which two systems disagree. The system of record wins
   (SAP ERP for the master attributes of a product, supplier or customer both ERPs hold,
   ERP for purchase orders and sales orders, so a quality notification's supplier and
   material and a shipment's ship-to follow ERP); the other value is listed here. #}
-- noqa: disable=LT02
{# (indentation is checked on the rendered loops, which sqlfluff cannot map back) #}
with

notifications as (
    select * from {{ ref('stg_procurement__quality_notifications') }}
),

purchase_order_items as (
    select * from {{ ref('stg_erp__purchase_order_items') }}
),

shipments as (
    select * from {{ ref('stg_tms__shipments') }}
),

shipment_deliveries as (
    select * from {{ ref('stg_tms__shipment_deliveries') }}
),

delivery_items as (
    select * from {{ ref('stg_erp__delivery_items') }}
),

sales_order_items as (
    select * from {{ ref('stg_erp__sales_order_items') }}
),

sap_materials as (
    select * from {{ ref('stg_erp__materials') }}
),

oracle_materials as (
    select * from {{ ref('int_oracle__materials') }}
),

sap_vendors as (
    select * from {{ ref('stg_erp__vendors') }}
),

oracle_vendors as (
    select * from {{ ref('int_oracle__vendors') }}
),

sap_customers as (
    select * from {{ ref('stg_erp__customers') }}
),

oracle_customers as (
    select * from {{ ref('int_oracle__customers') }}
),

notification_vs_po as (
    select
        notifications.notification_id,
        notifications.supplier_id as notification_supplier_id,
        notifications.product_id as notification_product_id,
        purchase_order_items.supplier_id as po_supplier_id,
        purchase_order_items.product_id as po_product_id
    from notifications
    inner join purchase_order_items
        on
            notifications.po_number = purchase_order_items.po_number
            and notifications.po_item = purchase_order_items.po_item
),

supplier_conflicts as (
    select
        'quality_notification' as entity,
        notification_id as entity_id,
        'supplier_id' as attribute,
        'erp' as owner_system,
        po_supplier_id as owner_value,
        'procurement' as other_system,
        notification_supplier_id as other_value
    from notification_vs_po
    where
        notification_supplier_id is not null
        and po_supplier_id is not null
        and notification_supplier_id <> po_supplier_id
),

material_conflicts as (
    select
        'quality_notification' as entity,
        notification_id as entity_id,
        'product_id' as attribute,
        'erp' as owner_system,
        po_product_id as owner_value,
        'procurement' as other_system,
        notification_product_id as other_value
    from notification_vs_po
    where
        notification_product_id is not null
        and po_product_id is not null
        and notification_product_id <> po_product_id
),

shipment_ship_to as (
    select distinct
        shipments.shipment_id,
        shipments.ship_to_customer_id as tms_ship_to,
        sales_order_items.ship_to_customer_id as erp_ship_to
    from shipments
    inner join shipment_deliveries
        on shipments.shipment_id = shipment_deliveries.shipment_id
    inner join delivery_items
        on shipment_deliveries.delivery_id = delivery_items.delivery_id
    inner join sales_order_items
        on
            delivery_items.sales_order_id = sales_order_items.sales_order_id
            and delivery_items.sales_order_item = sales_order_items.sales_order_item
),

ship_to_conflicts as (
    select
        'shipment' as entity,
        shipment_id as entity_id,
        'ship_to_customer_id' as attribute,
        'erp' as owner_system,
        erp_ship_to as owner_value,
        'tms' as other_system,
        tms_ship_to as other_value
    from shipment_ship_to
    where
        tms_ship_to is not null
        and erp_ship_to is not null
        and tms_ship_to <> erp_ship_to
),

{# A product, supplier or customer both ERPs hold (one global id through seed master_xref):
   SAP (erp) owns the shared master attributes, Oracle's differing value is listed. #}
master_pairs as (
    {%- for attribute in ['base_unit', 'material_group', 'gtin', 'description'] %}
    select
        'product' as entity,
        sap_materials.product_id as entity_id,
        '{{ attribute }}' as attribute,
        'erp' as owner_system,
        sap_materials.{{ attribute }} as owner_value,
        'oracle' as other_system,
        oracle_materials.{{ attribute }} as other_value
    from sap_materials
    inner join oracle_materials
        on sap_materials.product_id = oracle_materials.product_id
    union all
    {%- endfor %}
    {%- for attribute in ['name', 'country'] %}
    select
        'supplier' as entity,
        sap_vendors.supplier_id as entity_id,
        '{{ attribute }}' as attribute,
        'erp' as owner_system,
        sap_vendors.{{ attribute }} as owner_value,
        'oracle' as other_system,
        oracle_vendors.{{ attribute }} as other_value
    from sap_vendors
    inner join oracle_vendors
        on sap_vendors.supplier_id = oracle_vendors.supplier_id
    union all
    select
        'customer' as entity,
        sap_customers.customer_id as entity_id,
        '{{ attribute }}' as attribute,
        'erp' as owner_system,
        sap_customers.{{ attribute }} as owner_value,
        'oracle' as other_system,
        oracle_customers.{{ attribute }} as other_value
    from sap_customers
    inner join oracle_customers
        on sap_customers.customer_id = oracle_customers.customer_id
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

master_conflicts as (
    select * from master_pairs
    where
        owner_value is not null
        and other_value is not null
        and owner_value <> other_value
),

conflicts as (
    select * from supplier_conflicts
    union all
    select * from material_conflicts
    union all
    select * from ship_to_conflicts
    union all
    select * from master_conflicts
)

select * from conflicts
