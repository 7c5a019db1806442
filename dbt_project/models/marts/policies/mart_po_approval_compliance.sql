{# BI contract: one row per PO line (not deleted) with the approval level its PO needs by the
   official segments and its value (seed po_approval_levels), the level that released it
   (SAP FRGZU), the approval status and violation, next to the maverick flag. #}
with

approval_compliance as (
    select * from {{ ref('int_po_approval_compliance') }}
),

final as (
    select
        po_number,
        po_item,
        business_unit,
        supplier_id,
        product_id,
        purchasing_group,
        po_date,
        spend,
        po_value,
        supplier_segment,
        product_abc_class,
        supplier_required_level,
        product_required_level,
        required_level,
        approver_role,
        release_strategy,
        release_indicator,
        released_levels as releasing_level,
        approval_status,
        is_approval_violation,
        is_maverick
    from approval_compliance
)

select * from final
