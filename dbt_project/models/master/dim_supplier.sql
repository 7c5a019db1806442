{# One row per supplier: name, country, account group and block from ERP (the system of
   record), latest risk and sustainability assessment from procurement. A supplier without an
   assessment is flagged is_risk_assessed = false. Plus the UNKNOWN member. #}
with

vendors as (
    select * from {{ ref('stg_erp__vendors') }}
),

assessments as (
    select * from {{ ref('stg_procurement__supplier_assessments') }}
),

assessed as (
    select
        vendors.supplier_id,
        vendors.name,
        vendors.country,
        vendors.account_group,
        vendors.is_blocked,
        assessments.supply_risk_score,
        assessments.financial_risk_score,
        assessments.sustainability_score,
        assessments.is_iso9001,
        assessments.country_risk,
        assessments.assessed_on,
        assessments.supplier_id is not null as is_risk_assessed,
        false as is_unknown_member
    from vendors
    left join assessments
        on vendors.supplier_id = assessments.supplier_id
    where vendors.supplier_id is not null
),

with_unknown as (
    select * from assessed
    union all
    select
        'UNKNOWN' as supplier_id,
        'Unknown supplier' as name,
        cast(null as {{ dbt.type_string() }}) as country,
        cast(null as {{ dbt.type_string() }}) as account_group,
        false as is_blocked,
        cast(null as double) as supply_risk_score,
        cast(null as double) as financial_risk_score,
        cast(null as double) as sustainability_score,
        cast(null as boolean) as is_iso9001,
        cast(null as {{ dbt.type_string() }}) as country_risk,
        cast(null as date) as assessed_on,
        false as is_risk_assessed,
        true as is_unknown_member
)

select * from with_unknown
