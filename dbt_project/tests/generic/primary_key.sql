{# A model's primary key in one test node: its key columns unique together and never null,
   and the model's other required columns (not_null) never null. One node and one check
   instead of a key test and a not-null test: a test node costs dbt ~20 ms besides its SQL,
   and the two read the same rows on a daily run (quality_delta.sql: the rows whose key occurs
   in the delta, every new row among them; docs/performance-notes.md).

   Fails with one row per repeated key (its values and occurrences: repeated_keys in
   macros/dedup.sql, a key with a null part included) and one per column that holds nulls
   (its null rows); the failure count is the repeated keys plus the null cells. #}
{% test primary_key(model, columns, not_null=[]) %}

{{ config(fail_calc='coalesce(sum(failures), 0)') }}
{%- set required = columns + not_null %}

with

repeated as (
    {{ repeated_keys(model, columns) }}
),

null_counts as (
    select
    {%- for column in required %}
        sum(case when {{ column }} is null then 1 else 0 end) as null_rows_{{ loop.index }}
        {{- ',' if not loop.last }}
    {%- endfor %}
    from {{ model }}
)

select
    'repeated key' as problem,
    {{ columns | join(', ') }},
    occurrences,
    1 as failures
from repeated
{%- for column in required %}
union all
select
    '{{ column }} is null',
    {%- for _ in columns %}
    null,
    {%- endfor %}
    null_rows_{{ loop.index }},
    null_rows_{{ loop.index }}
from null_counts
where null_rows_{{ loop.index }} > 0
{%- endfor %}

{% endtest %}
