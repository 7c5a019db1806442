{# CR01: one row per check and extract date of erp/material_plant: material/plants without a
   planned lead time (PLIFZ empty or 0), per how their lead time was imputed
   (imputed_actual, imputed_group, unknown), and the parsed rows checked. #}
with

material_plants as (
    select * from {{ ref('base_erp__material_plant') }}
    where _parse_errors is null
),

lead_times as (
    select * from {{ ref('int_product_plant_lead_times') }}
),

row_counts as (
    select * from {{ ref('int_staged_row_counts') }}
),

missing_planned_lead_times as (
    select
        'erp/material_plant' as source,
        material_plants._extract_date as extract_date,
        coalesce(lead_times.lead_time_source, 'unknown') as lead_time_source
    from material_plants
    left join lead_times
        on
            material_plants.product_id = lead_times.product_id
            and material_plants.plant_id = lead_times.plant_id
    where coalesce(material_plants.planned_lead_time_days, 0) = 0
),

counted as (
    {{ count_listed_failures(
        'CR01', 'missing_planned_lead_times', 'lead_time_source', 'row_counts',
        checked_sources="source = 'erp/material_plant'",
    ) }}
)

select * from counted
