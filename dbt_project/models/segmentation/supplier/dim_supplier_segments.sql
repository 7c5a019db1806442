{# The supplier segment assignment as of the as-of date: the Kraljic quadrant with the
   sourcing policy the segment calls for (seed); a strategic or bottleneck supplier that is
   the single source of a material is put up for a dual-sourcing review. #}
with

suppliers as (
    select * from {{ ref('dim_supplier') }}
    where not is_unknown_member
),

kraljic as (
    select * from {{ ref('int_supplier_kraljic') }}
),

policies as (
    select * from {{ ref('supplier_segment_policies') }}
),

as_of as (
    select as_of_date from {{ ref('int_as_of') }}
),

segments as (
    select
        kraljic.supplier_id,
        suppliers.name as supplier_name,
        suppliers.country,
        kraljic.spend_12m,
        kraljic.po_lines_12m,
        kraljic.spend_rank,
        kraljic.spend_share_before,
        kraljic.spend_abc_class,
        kraljic.is_high_impact,
        kraljic.is_risk_assessed,
        kraljic.assessed_supply_risk_score,
        kraljic.country_risk,
        kraljic.country_risk_score,
        kraljic.single_sourced_material_count,
        kraljic.has_single_sourced_material,
        kraljic.single_source_score,
        kraljic.supply_risk_score,
        kraljic.is_high_risk,
        kraljic.kraljic_segment,
        policies.relationship_model,
        policies.contract_term_months,
        policies.approval_threshold,
        policies.otd_governance_threshold,
        policies.weight_otd,
        policies.weight_in_full,
        policies.weight_quality,
        policies.weight_price_compliance,
        as_of.as_of_date,
        coalesce(
            policies.dual_source_review_if_single_sourced and kraljic.has_single_sourced_material,
            false
        ) as is_dual_source_review
    from kraljic
    inner join suppliers
        on kraljic.supplier_id = suppliers.supplier_id
    cross join as_of
    left join policies
        on kraljic.kraljic_segment = policies.kraljic_segment
)

select * from segments
