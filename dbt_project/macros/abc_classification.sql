{# The ABC "share before" rule of spec models.md, shared by product ABC (sales value) and the
   supplier Kraljic impact axis (spend): members ranked by value descending, ties by id in
   ascending text order; a member's share before is the value of all members ranked above it
   over the total. partition_expr (optional) ranks each partition on its own (products judged
   by sales apart from those judged by purchases). Window use only, no dialect specifics. #}

{# Value of the members ranked above this one (0 for the first). #}
{% macro abc_value_before(value_expr, id_expr, partition_expr=none) -%}
    {%- set window -%}
        over (
            {% if partition_expr %}partition by {{ partition_expr }} {% endif -%}
            order by {{ value_expr }} desc, cast({{ id_expr }} as {{ dbt.type_string() }}) asc
            rows between unbounded preceding and 1 preceding
        )
    {%- endset %}
    coalesce({{ exact_window_sum(value_expr, window) }}, 0)
{%- endmacro %}

{# Rank of the member under the same ordering (1 = largest value). #}
{% macro abc_rank(value_expr, id_expr, partition_expr=none) -%}
    {#- row_number() is a bigint in DuckDB and an int in Spark: bigint on both. -#}
    cast(row_number() over (
        {% if partition_expr %}partition by {{ partition_expr }} {% endif -%}
        order by {{ value_expr }} desc, cast({{ id_expr }} as {{ dbt.type_string() }}) asc
    ) as bigint)
{%- endmacro %}

{# 'A' when share before < a_max, else 'B' when < b_max, else 'C'. #}
{% macro abc_class(share_before_expr, a_max_expr, b_max_expr) -%}
    case
        when {{ share_before_expr }} < {{ a_max_expr }} then 'A'
        when {{ share_before_expr }} < {{ b_max_expr }} then 'B'
        else 'C'
    end
{%- endmacro %}

{# The ABC class of a product segment ('AX' -> 'A'), 'unassigned' when it has none. #}
{% macro abc_class_of(segment_expr) -%}
    case
        when substring({{ segment_expr }}, 1, 1) in ('A', 'B', 'C')
            then substring({{ segment_expr }}, 1, 1)
        else 'unassigned'
    end
{%- endmacro %}
