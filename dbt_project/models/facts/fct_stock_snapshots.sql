{# One row per stock snapshot row (date, product, plant) of a plant in the pilot scope: the rows of int_stock_snapshots_unscoped
   whose plant int_pilot_scope_plants takes in (seed segmentation_scope; the default seed takes
   every plant). A plant missing from the plant master is judged as the unknown plant. The
   rows left out are counted in mart_pilot_scope. #}
with

lines as (
    select * from {{ ref('int_stock_snapshots_unscoped') }}
),

plant_scope as (
    select
        plant_id,
        is_in_pilot_scope
    from {{ ref('int_pilot_scope_plants') }}
),

in_scope as (
    select lines.*
    from lines
    left join plant_scope
        on lines.plant_id = plant_scope.plant_id
    left join plant_scope as unknown_plant_scope
        on unknown_plant_scope.plant_id = 'UNKNOWN'
    where coalesce(plant_scope.is_in_pilot_scope, unknown_plant_scope.is_in_pilot_scope, true)
)

select * from in_scope
