{# One row per quality notification (latest version) with CR03 and CR04 applied:
   CR03 - defect_qty > inspected_qty or a negative quantity: quarantined, out of defect rates;
   CR04 - empty supplier_id or one unknown to the supplier master: resolved through the
   notification's PO line (po_number/po_item) to the PO's supplier; quarantined when that
   fails (no such PO line, or it has no supplier). CR03 is checked first; a row it
   quarantines is not resolved. #}
with

notifications as (
    select * from {{ ref('stg_procurement__quality_notifications') }}
),

suppliers as (
    select supplier_id from {{ ref('dim_supplier') }}
    where not is_unknown_member
),

purchase_order_items as (
    select * from {{ ref('stg_erp__purchase_order_items') }}
),

checked as (
    select
        notifications.*,
        case
            when notifications.inspected_qty < 0 or notifications.defect_qty < 0 then 'negative_quantity'
            when notifications.defect_qty > notifications.inspected_qty then 'defect_gt_inspected'
        end as cr03_failure,
        case
            when notifications.supplier_id is null then 'empty_supplier_id'
            when suppliers.supplier_id is null then 'unknown_supplier_id'
        end as cr04_failure,
        purchase_order_items.supplier_id as po_supplier_id
    from notifications
    left join suppliers
        on notifications.supplier_id = suppliers.supplier_id
    left join purchase_order_items
        on
            notifications.po_number = purchase_order_items.po_number
            and notifications.po_item = purchase_order_items.po_item
),

resolved as (
    select
        *,
        case
            when cr04_failure is null then supplier_id
            else po_supplier_id
        end as resolved_supplier_id,
        case
            when cr04_failure is null then 'notification'
            when po_supplier_id is not null then 'purchase_order'
        end as supplier_id_source,
        case
            when cr03_failure is not null then 'CR03'
            when cr04_failure is not null and po_supplier_id is null then 'CR04'
        end as quarantine_rule_id
    from checked
),

described as (
    select
        *,
        case
            when quarantine_rule_id = 'CR03' and cr03_failure = 'negative_quantity'
                then 'negative inspected or defect quantity'
            when quarantine_rule_id = 'CR03'
                then 'defect_qty greater than inspected_qty'
            when quarantine_rule_id = 'CR04' and cr04_failure = 'empty_supplier_id'
                then 'empty supplier_id not resolvable through its PO line'
            when quarantine_rule_id = 'CR04'
                then 'unknown supplier_id not resolvable through its PO line'
        end as quarantine_reason
    from resolved
)

select * from described
