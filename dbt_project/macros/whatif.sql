{# The what-if scenarios of a build as rows: always `baseline` (no lever: every line as it
   is), plus each scenario of the `whatif_scenarios` var - a list of mappings with
   scenario_id, customer_segment, consolidation_window ('week' or none) and
   min_order_value_rc (a number or none). The var is written by decisions/whatif.py from the
   YAML files in scenarios/, which validates ids, segments and values before they get here. #}
{% macro whatif_scenario_rows() -%}
    {%- set baseline = {'scenario_id': 'baseline', 'description': 'Baseline: the marts as built'} -%}
    {%- set scenarios = [baseline] + (var('whatif_scenarios', none) or []) -%}
    {%- for scenario in scenarios %}
    select
        cast('{{ scenario.scenario_id }}' as {{ dbt.type_string() }}) as scenario_id,
        cast('{{ (scenario.get('description') or '') | replace("'", "''") }}' as {{ dbt.type_string() }}) as description,
        cast({{ whatif_text(scenario.get('customer_segment')) }} as {{ dbt.type_string() }}) as customer_segment,
        cast({{ whatif_text(scenario.get('consolidation_window')) }} as {{ dbt.type_string() }}) as consolidation_window,
        cast({{ scenario.get('min_order_value_rc') if scenario.get('min_order_value_rc') is not none else 'null' }} as double)
            as min_order_value_rc
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}

{% macro whatif_text(value) -%}
    {{- "'" ~ value ~ "'" if value else 'null' -}}
{%- endmacro %}
