{# Fails with one row per listed column that holds nulls, with its count of null rows
   (null_columns in macros/data_tests.sql); the failure count is the number of null cells. One
   scan and one test node for all the not-null columns of a model: a test node costs dbt
   ~20 ms besides its SQL, plus its asset check in Dagster (docs/performance-notes.md). A
   model whose key columns are all required lists them in a primary_key test instead. #}
{% test not_null_columns(model, columns) %}

{{ config(fail_calc='coalesce(sum(null_rows), 0)') }}

{{ null_columns(model, columns) }}

{% endtest %}
