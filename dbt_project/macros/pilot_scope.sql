{# The rows of an unscoped line model whose plant the pilot scope takes in
   (int_pilot_scope_plants, from seed segmentation_scope; the default seed takes every plant).
   A plant missing from the plant master is judged as the unknown plant; the rows left out are
   counted in mart_pilot_scope. Incremental like its unscoped model (macros/incremental.sql):
   the rows of the keys reopened since the fact's last build, unless a master of the unscoped
   model or the scope changed, which rebuilds it. #}
{% macro in_pilot_scope(unscoped_model, fact) %}
{%- set delta = fact_delta_watermark(fact) %}
with{{ delta_keys_cte(delta) }}

lines as (
    select * from {{ ref(unscoped_model) }} as unscoped_lines
    where {{ in_fact_delta(fact, delta, 'unscoped_lines') }}
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
{% endmacro %}
