{# One row per shared attribute on which two systems disagree. The system of record wins
   (ERP for purchase orders and sales orders, so a quality notification's supplier and
   material and a shipment's ship-to follow ERP); the other value is listed here. #}
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

conflicts as (
    select * from supplier_conflicts
    union all
    select * from material_conflicts
    union all
    select * from ship_to_conflicts
)

select * from conflicts
