{# One row per valid quality notification: CR03 and unresolvable CR04 rows are quarantined
   (fct_quarantine) and left out; the supplier is the notification's own or, when that is
   empty or unknown, the supplier of its PO line (supplier_id_source says which); product on
   its master or UNKNOWN (CR06). #}
with

notifications as (
    select * from {{ ref('int_quality_notifications_checked') }}
    where quarantine_rule_id is null and {{ dated_by_as_of('created_on') }}
),

suppliers as (
    select supplier_id from {{ ref('dim_supplier') }}
    where not is_unknown_member
),

products as (
    select product_id from {{ ref('dim_product') }}
    where not is_unknown_member
),

valid_notifications as (
    select
        notifications.notification_id,
        coalesce(suppliers.supplier_id, 'UNKNOWN') as supplier_id,
        notifications.supplier_id_source,
        notifications.supplier_id as source_supplier_id,
        coalesce(products.product_id, 'UNKNOWN') as product_id,
        notifications.product_id as source_product_id,
        notifications.po_number,
        notifications.po_item,
        cast(notifications.inspected_qty as double) as inspected_qty,
        cast(notifications.defect_qty as double) as defect_qty,
        notifications.defect_code,
        notifications.severity,
        notifications.created_on
    from notifications
    left join suppliers
        on notifications.resolved_supplier_id = suppliers.supplier_id
    left join products
        on notifications.product_id = products.product_id
)

select * from valid_notifications
