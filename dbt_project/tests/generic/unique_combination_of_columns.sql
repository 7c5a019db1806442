{# Fails for every combination of the given columns that occurs more than once (a
   composite key; dbt_utils is not reachable here). Grouping by one hash of the columns is
   cheaper than grouping by the columns (strings, mostly): only the rows of a repeated hash
   are then grouped by the columns themselves, so a hash collision adds candidates, never a
   failure. #}
{% test unique_combination_of_columns(model, combination_of_columns) %}
{%- set key_hash = duplicate_key_hash(combination_of_columns) %}

with

repeated_hashes as (
    select {{ key_hash }} as key_hash
    from {{ model }}
    group by {{ key_hash }}
    having count(*) > 1
),

grouped as (
    select
        {{ combination_of_columns | join(', ') }},
        count(*) as occurrences
    from {{ model }}
    where {{ key_hash }} in (select repeated_hashes.key_hash from repeated_hashes)
    group by {{ combination_of_columns | join(', ') }}
    having count(*) > 1
)

select * from grouped

{% endtest %}
