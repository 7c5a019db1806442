{# Supplier Kraljic position as of the as-of date, over the trailing 12 months of PO spend
   (PO lines not deleted, by PO date, value in reporting currency):
   - profit impact is high for spend class A (the ABC share-before rule over suppliers, ties
     by supplier id);
   - supply risk score = w1 x latest assessed supply risk + w2 x single-source score
     + w3 x country risk score; a supplier without an assessment counts with the seed's
     defaults (3 and M) and is flagged; risk is high at or above the seed threshold. #}
with

suppliers as (
    select * from {{ ref('dim_supplier') }}
    where not is_unknown_member
),

purchase_order_lines as (
    select * from {{ ref('fct_purchase_order_lines') }}
),

trailing_window as (
    select * from {{ ref('int_trailing_window') }}
),

parameters as (
    select * from {{ ref('supplier_kraljic_parameters') }}
),

country_risk_scores as (
    select * from {{ ref('country_risk_scores') }}
),

{# The trailing-12-month window ending on the as-of date, both ends included. #}
po_lines_in_window as (
    select
        purchase_order_lines.supplier_id,
        purchase_order_lines.product_id,
        cast(purchase_order_lines.po_value_rc as double) as po_value_rc
    from purchase_order_lines
    cross join trailing_window
    where
        not purchase_order_lines.is_deleted
        and purchase_order_lines.po_date <= trailing_window.as_of_date
        and purchase_order_lines.po_date >= trailing_window.trailing_12m_start_date
),

spend as (
    select
        supplier_id,
        {{ exact_sum("po_value_rc") }} as spend_12m,
        count(*) as po_lines_12m
    from po_lines_in_window
    group by supplier_id
),

{# Only suppliers of the master with spend are ranked; spend on the unknown member (orphan
   supplier ids) takes no share. #}
spend_ranked as (
    select
        spend.supplier_id,
        spend.spend_12m,
        spend.po_lines_12m,
        {{ abc_rank('spend.spend_12m', 'spend.supplier_id') }} as spend_rank,
        {{ abc_value_before('spend.spend_12m', 'spend.supplier_id') }} as spend_before,
        {{ exact_window_sum("spend.spend_12m", "over ()") }} as total_spend_12m
    from spend
    inner join suppliers
        on spend.supplier_id = suppliers.supplier_id
),

{# A material bought from exactly one supplier in the window makes that supplier its single
   source. Lines on the unknown material are no material (several orphans share that id);
   lines on the unknown supplier count as one more supplier of the material. #}
suppliers_per_material as (
    select
        product_id,
        count(distinct supplier_id) as supplier_count
    from po_lines_in_window
    where product_id <> 'UNKNOWN'
    group by product_id
),

single_sourcing as (
    select
        po_lines_in_window.supplier_id,
        count(distinct po_lines_in_window.product_id) as single_sourced_material_count
    from po_lines_in_window
    inner join suppliers_per_material
        on po_lines_in_window.product_id = suppliers_per_material.product_id
    where suppliers_per_material.supplier_count = 1
    group by po_lines_in_window.supplier_id
),

risk_inputs as (
    select
        suppliers.supplier_id,
        coalesce(suppliers.is_risk_assessed, false) as is_risk_assessed,
        case
            when coalesce(suppliers.is_risk_assessed, false)
                then coalesce(suppliers.supply_risk_score, parameters.unassessed_supply_risk_score)
            else parameters.unassessed_supply_risk_score
        end as assessed_supply_risk_score,
        case
            when coalesce(suppliers.is_risk_assessed, false)
                then coalesce(suppliers.country_risk, parameters.unassessed_country_risk)
            else parameters.unassessed_country_risk
        end as country_risk,
        coalesce(single_sourcing.single_sourced_material_count, 0)
            as single_sourced_material_count,
        case
            when coalesce(single_sourcing.single_sourced_material_count, 0) > 0
                then parameters.single_source_score
            else parameters.multi_source_score
        end as single_source_score
    from suppliers
    cross join parameters
    left join single_sourcing
        on suppliers.supplier_id = single_sourcing.supplier_id
),

scored as (
    select
        risk_inputs.*,
        country_risk_scores.country_risk_score,
        parameters.weight_supply_risk * risk_inputs.assessed_supply_risk_score
        + parameters.weight_single_source * risk_inputs.single_source_score
        + parameters.weight_country_risk * country_risk_scores.country_risk_score
            as supply_risk_score
    from risk_inputs
    cross join parameters
    left join country_risk_scores
        on risk_inputs.country_risk = country_risk_scores.country_risk
),

{# Scores are rounded to 9 decimals before the cut so that 0.4 x 3 + 0.3 x 1 + 0.3 x 5 is
   exactly 3.0, not 2.9999999999999996. #}
positioned as (
    select
        scored.supplier_id,
        coalesce(spend_ranked.spend_12m, 0) as spend_12m,
        coalesce(spend_ranked.po_lines_12m, 0) as po_lines_12m,
        spend_ranked.spend_rank,
        case
            when spend_ranked.total_spend_12m > 0
                then spend_ranked.spend_before / spend_ranked.total_spend_12m
        end as spend_share_before,
        case
            when spend_ranked.supplier_id is null or not spend_ranked.total_spend_12m > 0 then 'C'
            else
                {{ abc_class(
                    'spend_ranked.spend_before / spend_ranked.total_spend_12m',
                    'parameters.impact_a_max_share_before',
                    'parameters.impact_b_max_share_before',
                ) }}
        end as spend_abc_class,
        scored.is_risk_assessed,
        scored.assessed_supply_risk_score,
        scored.country_risk,
        scored.country_risk_score,
        scored.single_sourced_material_count,
        scored.single_sourced_material_count > 0 as has_single_sourced_material,
        scored.single_source_score,
        round(scored.supply_risk_score, 9) as supply_risk_score,
        round(scored.supply_risk_score, 9) >= parameters.high_risk_min_score as is_high_risk
    from scored
    cross join parameters
    left join spend_ranked
        on scored.supplier_id = spend_ranked.supplier_id
),

quadrants as (
    select
        supplier_id,
        spend_12m,
        po_lines_12m,
        spend_rank,
        spend_share_before,
        spend_abc_class,
        is_risk_assessed,
        assessed_supply_risk_score,
        country_risk,
        country_risk_score,
        single_sourced_material_count,
        has_single_sourced_material,
        single_source_score,
        supply_risk_score,
        is_high_risk,
        spend_abc_class = 'A' as is_high_impact,
        case
            when spend_abc_class = 'A' and is_high_risk then 'strategic'
            when spend_abc_class = 'A' then 'leverage'
            when is_high_risk then 'bottleneck'
            else 'routine'
        end as kraljic_segment
    from positioned
)

select * from quadrants
