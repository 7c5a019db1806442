{# One row per plant code seen in erp/material_plant (or named in the plants seed), named by
   the seed (the code itself when the seed has no name), with the system and business unit
   that run it (Oracle inventory organisations: seed oracle_organizations), plus the UNKNOWN
   member. #}
with

material_plants as (
    select * from {{ ref('stg_erp__material_plants') }}
),

plant_names as (
    select * from {{ ref('plants') }}
),

oracle_organizations as (
    select * from {{ ref('oracle_organizations') }}
),

plant_codes as (
    select distinct plant_id from material_plants
    where plant_id is not null
    union
    select {{ normalize_id('plant_id') }} as plant_id from plant_names
),

named as (
    select
        plant_codes.plant_id,
        coalesce(plant_names.plant_name, plant_codes.plant_id) as plant_name,
        false as is_unknown_member,
        case when oracle_organizations.plant_id is null then 'sap' else 'oracle' end as source_system,
        coalesce(oracle_organizations.business_unit, '{{ business_unit_by_system().sap }}') as business_unit
    from plant_codes
    left join plant_names
        on plant_codes.plant_id = {{ normalize_id('plant_names.plant_id') }}
    left join oracle_organizations
        on plant_codes.plant_id = oracle_organizations.plant_id
),

plants as (
    select * from named
    union all
    select
        'UNKNOWN' as plant_id,
        'Unknown plant' as plant_name,
        true as is_unknown_member,
        cast(null as {{ dbt.type_string() }}) as source_system,
        cast(null as {{ dbt.type_string() }}) as business_unit
)

select * from plants
