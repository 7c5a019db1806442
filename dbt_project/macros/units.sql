{# CR07: weight in a unit (KG/G/LB, any case) to kg; unknown units give null (counted).
   Rounded to 9 decimals (micrograms) so that binary floating point noise from the lb factor
   does not leak into totals and checksums. #}
{% macro weight_to_kg(value_expr, unit_expr) -%}
    round(cast({{ value_expr }} as double) * case upper(trim({{ unit_expr }}))
        when 'KG' then 1.0
        when 'G' then 0.001
        when 'LB' then 0.45359237
    end, 9)
{%- endmacro %}
