{# Conservation of a summary: each of its measure columns, summed over the whole summary,
   equals the given expression summed over the rows it summarises (source_model). Fails with
   one row naming the totals when any pair differs (null and a number differ too).
   measures: {summary column: source expression}, e.g. {sold_qty: quantity, line_count: 1};
   source_where: the condition on the source rows the summary keeps, if it keeps not all. #}
{% test totals_match_source(model, source_model, measures, source_where=none) %}

with

summary_totals as (
    select
        {%- for column in measures %}
        sum({{ column }}) as {{ column }}{{ "," if not loop.last }}
        {%- endfor %}
    from {{ model }}
),

source_totals as (
    select
        {%- for column, expression in measures.items() %}
        sum({{ expression }}) as {{ column }}{{ "," if not loop.last }}
        {%- endfor %}
    from {{ source_model }}
    {%- if source_where is not none %}
    where {{ source_where }}
    {%- endif %}
)

select
    {%- for column in measures %}
    summary_totals.{{ column }} as summary_{{ column }},
    source_totals.{{ column }} as source_{{ column }}{{ "," if not loop.last }}
    {%- endfor %}
from summary_totals
cross join source_totals
where
    {%- for column in measures %}
    {{ "or " if not loop.first }}summary_totals.{{ column }} is distinct from source_totals.{{ column }}
    {%- endfor %}

{% endtest %}
