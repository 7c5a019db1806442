{# A model's primary key in one test node: its key columns unique together and never null,
   and the model's other required columns (not_null) never null. One node and one check
   instead of a key test and a not-null test: a test node costs dbt ~20 ms besides its SQL,
   and the two read the same rows on a daily run (quality_delta.sql: the rows whose key occurs
   in the delta, every new row among them; docs/performance-notes.md).

   Fails with one row per repeated key (its values and occurrences: repeated_keys in
   macros/data_tests.sql, a key with a null part included) and one per column that holds
   nulls (its null rows: null_columns); the failure count is the repeated keys plus the null
   cells. #}
{% test primary_key(model, columns, not_null=[]) %}

{{ config(fail_calc='coalesce(sum(failures), 0)') }}

with

repeated as (
    {{ repeated_keys(model, columns) }}
),

nulls as (
    {{ null_columns(model, columns + not_null) }}
)

select
    'repeated key' as problem,
    {{ columns | join(', ') }},
    occurrences,
    1 as failures
from repeated
union all
select
    null_column || ' is null',
    {%- for _ in columns %}
    null,
    {%- endfor %}
    null_rows,
    null_rows
from nulls

{% endtest %}
