{# One row per plant of the plant master (the unknown member included) with whether the
   pilot scope (seed segmentation_scope) takes it in. Per scope type (plant, business_unit)
   the row naming the plant's own value decides; without one the type's '*' row; without
   either the type does not limit. A plant is in scope when both its plant and its business
   unit are. The landed data carries no sales organisation, so none can be scoped. #}
with

plants as (
    select
        plant_id,
        business_unit
    from {{ ref('dim_plant') }}
),

scope as (
    select * from {{ ref('segmentation_scope') }}
),

plant_rows as (
    select
        scope_value,
        in_scope
    from scope
    where scope_type = 'plant'
),

business_unit_rows as (
    select
        scope_value,
        in_scope
    from scope
    where scope_type = 'business_unit'
),

judged as (
    select
        plants.plant_id,
        plants.business_unit,
        coalesce(plant_exact.in_scope, plant_any.in_scope, true) as is_plant_in_scope,
        coalesce(business_unit_exact.in_scope, business_unit_any.in_scope, true)
            as is_business_unit_in_scope
    from plants
    left join plant_rows as plant_exact
        on plants.plant_id = plant_exact.scope_value
    left join plant_rows as plant_any
        on plant_any.scope_value = '*'
    left join business_unit_rows as business_unit_exact
        on plants.business_unit = business_unit_exact.scope_value
    left join business_unit_rows as business_unit_any
        on business_unit_any.scope_value = '*'
),

final as (
    select
        plant_id,
        business_unit,
        is_plant_in_scope,
        is_business_unit_in_scope,
        is_plant_in_scope and is_business_unit_in_scope as is_in_pilot_scope
    from judged
)

select * from final
