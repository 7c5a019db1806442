{# BI contract: one row per Kraljic segment, purchasing group and PO month with the spend
   and the maverick part of it. #}
with

maverick_spend as (
    select * from {{ ref('int_maverick_spend_month') }}
),

final as (
    select
        kraljic_segment,
        purchasing_group,
        month,
        spend,
        maverick_spend,
        maverick_share,
        po_lines,
        maverick_po_lines,
        maverick_spend_no_reference,
        maverick_spend_other_supplier
    from maverick_spend
)

select * from final
