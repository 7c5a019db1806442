{# CR07 money conversion, reusable by every model that converts an amount on a date:

       from my_rows as t
       {{ fx_rate_join('fx', 't.currency', 't.order_date') }}
       ... {{ to_reporting_currency('t.amount', 'fx') }} as amount_rc

   dim_fx_rates holds one row per currency and validity interval, including the reporting
   currency itself at rate 1, so the join is the same for every currency; the rate is the one
   with the latest valid-from on or before the date (valid_to is exclusive). #}
{% macro fx_rate_join(alias, currency_expr, date_expr) -%}
    left join {{ ref('dim_fx_rates') }} as {{ alias }}
        on upper(trim({{ currency_expr }})) = {{ alias }}.from_currency
        and {{ date_expr }} >= {{ alias }}.valid_from
        and ({{ alias }}.valid_to is null or {{ date_expr }} < {{ alias }}.valid_to)
{%- endmacro %}

{% macro to_reporting_currency(amount_expr, alias) -%}
    cast({{ amount_expr }} as double) * {{ alias }}.rate
{%- endmacro %}
