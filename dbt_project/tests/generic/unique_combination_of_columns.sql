{# Fails for every combination of the given columns that occurs more than once (a
   composite key; dbt_utils is not reachable here). #}
{% test unique_combination_of_columns(model, combination_of_columns) %}

with

grouped as (
    select
        {{ combination_of_columns | join(', ') }},
        count(*) as occurrences
    from {{ model }}
    group by {{ combination_of_columns | join(', ') }}
    having count(*) > 1
)

select * from grouped

{% endtest %}
