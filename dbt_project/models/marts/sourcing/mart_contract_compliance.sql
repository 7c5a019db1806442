{# BI contract: one row per PO line (not deleted) with its applicable contract price, the
   variance and whether it is price compliant and maverick. #}
with

contract_compliance as (
    select * from {{ ref('int_po_line_contract_compliance') }}
),

final as (
    select
        po_number,
        po_item,
        supplier_id,
        product_id,
        purchasing_group,
        po_date,
        ordered_qty,
        spend,
        contract_id,
        contract_item,
        contract_match,
        tier_min_qty,
        po_unit_price,
        contract_unit_price,
        contract_value,
        price_variance,
        is_compliant,
        is_maverick,
        maverick_reason
    from contract_compliance
)

select * from final
