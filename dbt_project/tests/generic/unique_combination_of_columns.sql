{# Fails for every combination of the given columns that occurs more than once (a
   composite key; dbt_utils is not reachable here), with its occurrences: repeated_keys
   (macros/data_tests.sql). A key whose columns are all required is a primary_key test instead. #}
{% test unique_combination_of_columns(model, combination_of_columns) %}

{{ repeated_keys(model, combination_of_columns) }}

{% endtest %}
