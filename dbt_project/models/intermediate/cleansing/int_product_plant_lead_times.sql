{# CR01: one row per material/plant with its effective lead time. The planned PLIFZ when
   present and not 0; else the median actual lead time of that material/plant over the
   trailing 12 months (PO lines whose first receipt falls in the window of
   int_trailing_window, CR02 outliers excluded); else the median over its material group; else unknown.
   Both systems' material/plants: Oracle sends no planned lead time, so its lead times are imputed. #}
with

material_plants as (
    select
        product_id,
        plant_id,
        planned_lead_time_days
    from {{ ref('stg_erp__material_plants') }}
    union all
    select
        product_id,
        plant_id,
        planned_lead_time_days
    from {{ ref('int_oracle__material_plants') }}
),

materials as (
    select * from {{ ref('stg_erp__materials') }}
),

po_lines as (
    select * from {{ ref('int_purchase_order_lines_received') }}
),

trailing_window as (
    select * from {{ ref('int_trailing_window') }}
),

window_lead_times as (
    select
        po_lines.product_id,
        po_lines.plant_id,
        materials.material_group,
        po_lines.actual_lead_time_days
    from po_lines
    cross join trailing_window
    left join materials
        on po_lines.product_id = materials.product_id
    where
        po_lines.actual_lead_time_days is not null
        and not po_lines.is_lead_time_outlier
        and po_lines.first_receipt_date <= trailing_window.as_of_date
        and po_lines.first_receipt_date >= trailing_window.trailing_12m_start_date
),

median_by_product_plant as (
    select
        product_id,
        plant_id,
        {{ median('actual_lead_time_days') }} as median_lead_time_days
    from window_lead_times
    group by product_id, plant_id
),

median_by_group as (
    select
        material_group,
        {{ median('actual_lead_time_days') }} as median_lead_time_days
    from window_lead_times
    where material_group is not null
    group by material_group
),

resolved as (
    select
        material_plants.product_id,
        material_plants.plant_id,
        material_plants.planned_lead_time_days,
        case
            when coalesce(material_plants.planned_lead_time_days, 0) <> 0
                then cast(material_plants.planned_lead_time_days as double)
            when median_by_product_plant.median_lead_time_days is not null
                then median_by_product_plant.median_lead_time_days
            else median_by_group.median_lead_time_days
        end as effective_lead_time_days,
        case
            when coalesce(material_plants.planned_lead_time_days, 0) <> 0 then 'planned'
            when median_by_product_plant.median_lead_time_days is not null then 'imputed_actual'
            when median_by_group.median_lead_time_days is not null then 'imputed_group'
            else 'unknown'
        end as lead_time_source
    from material_plants
    left join materials
        on material_plants.product_id = materials.product_id
    left join median_by_product_plant
        on
            material_plants.product_id = median_by_product_plant.product_id
            and material_plants.plant_id = median_by_product_plant.plant_id
    left join median_by_group
        on materials.material_group = median_by_group.material_group
)

select * from resolved
