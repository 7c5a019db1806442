{# Fails with one row per listed column that holds nulls, with its count of null rows; the
   failure count is the number of null cells. One scan and one test node for all the
   not-null columns of a model: a test node costs dbt 30-42 ms whatever it reads, plus its
   asset check in Dagster (docs/performance-notes.md). #}
{% test not_null_columns(model, columns) %}

{{ config(fail_calc='coalesce(sum(null_rows), 0)') }}

with

counted as (
    select
    {%- for column in columns %}
        sum(case when {{ column }} is null then 1 else 0 end) as null_rows_{{ loop.index }}
        {{- ',' if not loop.last }}
    {%- endfor %}
    from {{ model }}
)

{% for column in columns -%}
select '{{ column }}' as null_column, null_rows_{{ loop.index }} as null_rows
from counted
where null_rows_{{ loop.index }} > 0
{% if not loop.last %}union all
{% endif -%}
{% endfor %}

{% endtest %}
