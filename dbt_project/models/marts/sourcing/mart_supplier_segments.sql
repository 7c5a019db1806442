{# BI contract: one row per supplier of the master with its Kraljic segment and policy. #}
with

supplier_segments as (
    select * from {{ ref('dim_supplier_segments') }}
),

final as (
    select
        supplier_id,
        supplier_name,
        country,
        spend_12m,
        spend_abc_class,
        is_high_impact,
        assessed_supply_risk_score,
        country_risk,
        has_single_sourced_material,
        supply_risk_score,
        is_high_risk,
        is_risk_assessed,
        kraljic_segment,
        relationship_model,
        contract_term_months,
        approval_threshold,
        is_dual_source_review,
        as_of_date
    from supplier_segments
),

members as (
    select
        supplier_id,
        {{ business_units_of('source_systems') }} as business_units
    from {{ ref('dim_supplier') }}
),

with_business_units as (
    select
        final.*,
        cast(members.business_units as {{ dbt.type_string() }}) as business_units
    from final
    left join members
        on final.supplier_id = members.supplier_id
)

select * from with_business_units
