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

{# mart_whatif_results' measures, one select per measure over the segment totals in `relation`:
   (measure, baseline expression, scenario expression), in display order. #}
{% macro whatif_measure_rows(relation) -%}
    {%- set measures = [
    ('revenue', 'revenue', 'revenue'),
    ('cogs', 'cogs', 'cogs'),
    ('freight', 'baseline_freight', 'scenario_freight'),
    ('handling', 'baseline_handling', 'scenario_handling'),
    ('order_processing', 'baseline_order_processing', 'scenario_order_processing'),
    ('expediting', 'expediting', 'expediting'),
    ('returns', 'returns', 'returns'),
    ('shared_overhead', 'shared_overhead', 'shared_overhead'),
    ('cost_to_serve', 'baseline_cost_to_serve', 'scenario_cost_to_serve'),
    ('net_margin', 'baseline_net_margin', 'scenario_net_margin'),
    ('net_margin_pct', 'case when revenue > 0 then baseline_net_margin / revenue end',
        'case when revenue > 0 then scenario_net_margin / revenue end'),
    ('order_lines', 'order_lines', 'order_lines'),
    ('orders', 'baseline_orders', 'scenario_orders'),
    ('deliveries', 'baseline_deliveries', 'scenario_deliveries'),
    ('delivery_items', 'baseline_delivery_items', 'scenario_delivery_items'),
    ('shipments', 'baseline_shipments', 'scenario_shipments'),
    ('weight_kg', 'weight_kg', 'weight_kg'),
    ('promised_lead_days', 'promised_lead_days', 'promised_lead_days'),
    ('avg_lead_days', 'baseline_lead_days', 'scenario_lead_days'),
    ('otif_risk_share', 'baseline_otif_risk', 'scenario_otif_risk'),
] %}
    {%- for name, baseline, scenario in measures %}
    select
        scenario_id,
        customer_segment,
        {{ loop.index }} as measure_order,
        '{{ name }}' as measure,
        cast({{ baseline }} as double) as baseline_value,
        cast({{ scenario }} as double) as scenario_value
    from {{ relation }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}
