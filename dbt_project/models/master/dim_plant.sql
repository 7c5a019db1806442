{# One row per plant code seen in erp/material_plant (or named in the plants seed), named by
   the seed (the code itself when the seed has no name), plus the UNKNOWN member. #}
with

material_plants as (
    select * from {{ ref('stg_erp__material_plants') }}
),

plant_names as (
    select * from {{ ref('plants') }}
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
        false as is_unknown_member
    from plant_codes
    left join plant_names
        on plant_codes.plant_id = {{ normalize_id('plant_names.plant_id') }}
),

plants as (
    select * from named
    union all
    select
        'UNKNOWN' as plant_id,
        'Unknown plant' as plant_name,
        true as is_unknown_member
)

select * from plants
