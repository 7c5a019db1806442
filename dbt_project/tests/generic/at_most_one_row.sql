{# Fails when the model has more than one row (with not_null on its column this pins a
   one-row model; an --empty build legitimately has none). #}
{% test at_most_one_row(model) %}

with

counted as (
    select count(*) as row_count from {{ model }}
)

select * from counted
where row_count > 1

{% endtest %}
