{# Sums and means of floating-point values that come out bit for bit the same whatever order
   DuckDB's threads combine their partial results: each term is rounded to decimal(38, 10)
   (1e-10, far below a cent or a gram), the terms are added exactly as decimals, and the exact
   total is turned back into a double. With plain double sums a rerun with more than one
   thread differs in the last bits (docs/performance-notes.md). Every sum or mean over money,
   weights, quantities or shares uses these; counts and 0/1 flags are exact already.
   Call with the expression as text, or as a call block for a multi-line expression:
       {{ exact_sum("net_value_rc") }}
       {% call exact_sum() %} case ... end {% endcall %}
   Portable: decimal(38, 10) and these casts mean the same in DuckDB and Spark. #}

{% macro exact_decimal() -%}
    decimal(38, 10)
{%- endmacro %}

{% macro exact_sum(expr=none) -%}
    cast(sum(cast({{ expr if expr is not none else caller() }} as {{ exact_decimal() }})) as double)
{%- endmacro %}

{# The exact sum over the count of non-null terms, as avg() counts (Spark's avg of a decimal
   would keep only 14 decimals). #}
{% macro exact_avg(expr=none) -%}
    {%- set value = expr if expr is not none else caller() -%}
    ({{ exact_sum(value) }} / count({{ value }}))
{%- endmacro %}

{# Population standard deviation from the exact first and second moments. #}
{% macro exact_stddev_pop(expr=none) -%}
    {%- set value = expr if expr is not none else caller() -%}
    sqrt(greatest({{ exact_avg("(" ~ value ~ ") * (" ~ value ~ ")") }} - power({{ exact_avg(value) }}, 2), 0.0))
{%- endmacro %}

{# A window sum over the same exact decimals: {{ exact_window_sum("spend_12m", "over ()") }} #}
{% macro exact_window_sum(expr, window) -%}
    cast(sum(cast({{ expr }} as {{ exact_decimal() }})) {{ window }} as double)
{%- endmacro %}

{# The exact partial sum a summary keeps: the same decimal(38, 10) terms as exact_sum, added
   exactly but left as a decimal, so a consumer's exact_sum over the summary's rows gives the
   very double an exact_sum over the lines would (a double in between would round). #}
{% macro exact_partial_sum(expr=none) -%}
    sum(cast({{ expr if expr is not none else caller() }} as {{ exact_decimal() }}))
{%- endmacro %}
