{# BI contract: maverick buying and approval violations side by side, per official supplier
   segment and PO month (PO lines not deleted). #}
with

approval_compliance as (
    select * from {{ ref('int_po_approval_compliance') }}
),

final as (
    select
        supplier_segment,
        month,
        count(*) as po_lines,
        {{ exact_sum("spend") }} as spend,
        count(case when is_maverick then 1 end) as maverick_po_lines,
        {{ exact_sum("maverick_spend") }} as maverick_spend,
        count(case when approval_status <> 'not_judged' then 1 end) as approval_judged_po_lines,
        count(case when is_approval_violation then 1 end) as approval_violation_po_lines,
        {% call exact_sum() %}
            case when is_approval_violation then spend else 0 end
        {% endcall %} as approval_violation_spend,
        count(case when is_maverick and is_approval_violation then 1 end)
            as maverick_and_violation_po_lines,
        {% call exact_sum() %}
            case when is_maverick and is_approval_violation then spend else 0 end
        {% endcall %} as maverick_and_violation_spend
    from approval_compliance
    group by supplier_segment, month
)

select * from final
