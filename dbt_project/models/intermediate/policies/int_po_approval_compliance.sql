{# PO approval routing (seed po_approval_levels) against the ERP release per PO line (not
   deleted). The PO value is the sum of its lines' spend (null when a line has none: no FX
   rate). Segments are the OFFICIAL ones as of the as-of date (int_official_segments_as_of): the
   supplier's Kraljic quadrant and the material's ABC class; a member without one is
   'unassigned'. Each segment's rule is the one with the greatest min_po_value at or below the
   PO value (inclusive: exactly on a threshold takes the higher level); the PO needs the
   highest level of its supplier rule and its materials' rules. The releasing level is the
   number of levels passed in SAP FRGZU; Oracle POs carry no release fields and are not judged.
   Incremental on DuckDB: the POs of the lines fct_purchase_order_lines reopens and of the lines
   whose official segments changed; a changed approval level, contract or master rebuilds it
   (macros/incremental.sql). #}
{{ fact_delta_config() }}
{%- set delta = fact_delta_watermark('int_po_approval_compliance') %}
with{{ delta_keys_cte(delta) }}

contract_compliance as (
    select * from {{ ref('int_po_line_contract_compliance') }}
    where {{ in_fact_delta('int_po_approval_compliance', delta, 'int_po_line_contract_compliance') }}
),

purchase_order_lines as (
    select * from {{ ref('fct_purchase_order_lines') }}
),

erp_po_items as (
    select * from {{ ref('stg_erp__purchase_order_items') }}
),

official_segments as (
    select * from {{ ref('int_official_segments_as_of') }}
),

approval_levels as (
    select * from {{ ref('po_approval_levels') }}
),

lines as (
    select
        contract_compliance.po_number,
        contract_compliance.po_item,
        purchase_order_lines.business_unit,
        purchase_order_lines.source_system,
        contract_compliance.supplier_id,
        contract_compliance.product_id,
        contract_compliance.purchasing_group,
        contract_compliance.po_date,
        contract_compliance.month,
        contract_compliance.spend,
        contract_compliance.is_maverick,
        contract_compliance.maverick_spend,
        coalesce(supplier_segment.official_segment, 'unassigned') as supplier_segment,
        {{ abc_class_of('product_segment.official_segment') }} as product_abc_class,
        erp_po_items.release_strategy,
        erp_po_items.release_indicator,
        erp_po_items.released_levels
    from contract_compliance
    inner join purchase_order_lines
        on
            contract_compliance.po_number = purchase_order_lines.po_number
            and contract_compliance.po_item = purchase_order_lines.po_item
    left join erp_po_items
        on
            purchase_order_lines.source_system = 'sap'
            and contract_compliance.po_number = erp_po_items.po_number
            and contract_compliance.po_item = erp_po_items.po_item
    left join official_segments as supplier_segment
        on
            supplier_segment.entity_type = 'supplier'
            and contract_compliance.supplier_id = supplier_segment.entity_id
    left join official_segments as product_segment
        on
            product_segment.entity_type = 'product'
            and contract_compliance.product_id = product_segment.entity_id
),

po_values as (
    select
        po_number,
        case when count(spend) = count(*) then {{ exact_sum("spend") }} end as po_value
    from lines
    group by po_number
),

po_segments as (
    select distinct
        po_number,
        'supplier' as segment_type,
        supplier_segment as segment
    from lines
    union all
    select distinct
        po_number,
        'product' as segment_type,
        product_abc_class as segment
    from lines
),

matched_rules as (
    select
        po_segments.po_number,
        po_segments.segment_type,
        approval_levels.approval_level,
        approval_levels.approver_role,
        row_number() over (
            partition by po_segments.po_number, po_segments.segment_type, po_segments.segment
            order by approval_levels.min_po_value desc
        ) as rule_rank
    from po_segments
    inner join po_values
        on po_segments.po_number = po_values.po_number
    inner join approval_levels
        on
            po_segments.segment_type = approval_levels.segment_type
            and po_segments.segment = approval_levels.segment
            and po_values.po_value >= approval_levels.min_po_value
),

applicable_rules as (
    select
        *,
        row_number() over (
            partition by po_number
            order by approval_level desc, segment_type desc, approver_role asc
        ) as level_rank
    from matched_rules
    where rule_rank = 1
),

po_levels as (
    select
        po_number,
        max(case when segment_type = 'supplier' then approval_level end) as supplier_required_level,
        max(case when segment_type = 'product' then approval_level end) as product_required_level,
        max(approval_level) as required_level,
        max(case when level_rank = 1 then approver_role end) as approver_role
    from applicable_rules
    group by po_number
),

judged as (
    select
        lines.*,
        po_values.po_value,
        po_levels.supplier_required_level,
        po_levels.product_required_level,
        po_levels.required_level,
        po_levels.approver_role,
        case
            when lines.source_system <> 'sap' or po_levels.required_level is null
                then 'not_judged'
            when lines.release_indicator is null then 'no_release_record'
            when lines.release_indicator <> 'R' then 'not_released'
            when lines.released_levels < po_levels.required_level then 'below_required_level'
            else 'compliant'
        end as approval_status
    from lines
    inner join po_values
        on lines.po_number = po_values.po_number
    left join po_levels
        on lines.po_number = po_levels.po_number
),

final as (
    select
        *,
        case
            when approval_status <> 'not_judged' then approval_status <> 'compliant'
        end as is_approval_violation
    from judged
)

select * from final
