{# The queries the generic data tests share (tests/generic/). #}

{# The keys (`key_columns`) that occur more than once in `relation`, with their occurrences,
   for the key tests unique_combination_of_columns and primary_key. Grouping by one hash of
   the key is cheaper than grouping by the key (strings, mostly): only the rows of a repeated
   hash are then grouped by the key itself, so a hash collision adds candidates, never a
   repeated key. A key with a null part repeats like any other. #}
{% macro repeated_keys(relation, key_columns) -%}
    {%- set key_hash = duplicate_key_hash(key_columns) -%}
    select
        {{ key_columns | join(', ') }},
        count(*) as occurrences
    from {{ relation }}
    where {{ key_hash }} in (
        select {{ key_hash }} from {{ relation }}
        group by {{ key_hash }}
        having count(*) > 1
    )
    group by {{ key_columns | join(', ') }}
    having count(*) > 1
{%- endmacro %}

{# One row per column of `columns` that holds nulls in `relation`, with its null rows
   (null_column, null_rows): one scan for all the columns, for the tests not_null_columns and
   primary_key. #}
{% macro null_columns(relation, columns) -%}
    with

    counted as (
        select
        {%- for column in columns %}
            sum(case when {{ column }} is null then 1 else 0 end) as null_rows_{{ loop.index }}
            {{- ',' if not loop.last }}
        {%- endfor %}
        from {{ relation }}
    )

    {% for column in columns -%}
    select '{{ column }}' as null_column, null_rows_{{ loop.index }} as null_rows
    from counted
    where null_rows_{{ loop.index }} > 0
    {% if not loop.last %}union all
    {% endif -%}
    {% endfor %}
{%- endmacro %}
