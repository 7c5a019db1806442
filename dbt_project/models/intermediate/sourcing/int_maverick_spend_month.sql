{# Maverick spend per Kraljic segment (the supplier's current one), purchasing group and PO
   month. Spend on suppliers outside the supplier master (the unknown member) is kept under
   segment 'unassigned', lines without a purchasing group under 'UNASSIGNED': nothing dropped. #}
with

contract_compliance as (
    select * from {{ ref('int_po_line_contract_compliance') }}
),

supplier_segments as (
    select * from {{ ref('dim_supplier_segments') }}
),

grouped as (
    select
        contract_compliance.month,
        coalesce(supplier_segments.kraljic_segment, 'unassigned') as kraljic_segment,
        coalesce(contract_compliance.purchasing_group, 'UNASSIGNED') as purchasing_group,
        {{ exact_sum("contract_compliance.spend") }} as spend,
        {{ exact_sum("contract_compliance.maverick_spend") }} as maverick_spend,
        count(*) as po_lines,
        count(case when contract_compliance.is_maverick then 1 end) as maverick_po_lines,
        {% call exact_sum() %}
            case
                when contract_compliance.maverick_reason = 'no_contract_reference'
                    then contract_compliance.maverick_spend
                else 0
            end
        {% endcall %} as maverick_spend_no_reference,
        {% call exact_sum() %}
            case
                when contract_compliance.maverick_reason = 'other_supplier'
                    then contract_compliance.maverick_spend
                else 0
            end
        {% endcall %} as maverick_spend_other_supplier
    from contract_compliance
    left join supplier_segments
        on contract_compliance.supplier_id = supplier_segments.supplier_id
    group by
        coalesce(supplier_segments.kraljic_segment, 'unassigned'),
        coalesce(contract_compliance.purchasing_group, 'UNASSIGNED'),
        contract_compliance.month
),

final as (
    select
        *,
        case when spend <> 0 then maverick_spend / spend end as maverick_share
    from grouped
)

select * from final
