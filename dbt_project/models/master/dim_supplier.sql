{# One row per supplier: name, country, account group and block from ERP (the system of
   record), latest risk and sustainability assessment from procurement. A supplier without an
   assessment is flagged is_risk_assessed = false. Plus the UNKNOWN member. #}
with

sap_vendors as (
    select * from {{ ref('stg_erp__vendors') }}
),

oracle_vendors as (
    select * from {{ ref('int_oracle__vendors') }}
),

{# SAP owns a shared supplier's attributes; Oracle-only suppliers come from Oracle. #}
vendors as (
    select
        sap_vendors.supplier_id,
        sap_vendors.name,
        sap_vendors.country,
        sap_vendors.account_group,
        sap_vendors.is_blocked,
        case when oracle_vendors.supplier_id is null then 'sap' else 'sap,oracle' end as source_systems,
        false as is_xref_unmapped
    from sap_vendors
    left join oracle_vendors
        on sap_vendors.supplier_id = oracle_vendors.supplier_id
    union all
    select
        oracle_vendors.supplier_id,
        oracle_vendors.name,
        oracle_vendors.country,
        oracle_vendors.account_group,
        oracle_vendors.is_blocked,
        'oracle' as source_systems,
        oracle_vendors.is_xref_unmapped
    from oracle_vendors
    where
        not exists (
            select 1 from sap_vendors
            where sap_vendors.supplier_id = oracle_vendors.supplier_id
        )
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
        false as is_unknown_member,
        vendors.source_systems,
        vendors.is_xref_unmapped
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
        true as is_unknown_member,
        cast(null as {{ dbt.type_string() }}) as source_systems,
        false as is_xref_unmapped
)

select * from with_unknown
