{# CR07: one row per delivered (parsed) row whose money or weight needed converting, with
   whether it could be: converted_currency / converted_weight, or no_fx_rate (no rate on or
   before the row's date) / unknown_weight_unit. Rows already in the reporting currency or in
   kg need nothing and are not listed. #}
{%- set money = [
    ['erp/material_plant', 'base_erp__material_plant', 'standard_price', 'currency', 'as_of.as_of_date'],
    ['erp/purchase_order_item', 'base_erp__purchase_order_item', 'net_price', 'currency', 'rows_to_convert.po_date'],
    ['erp/sales_order_item', 'base_erp__sales_order_item', 'net_value', 'currency', 'rows_to_convert.order_date'],
    ['tms/freight_charge', 'base_tms__freight_charge', 'amount', 'currency', 'rows_to_convert.invoice_date'],
    ['pos/sales_line', 'base_pos__sales_line', 'unit_price', 'currency', 'cast(rows_to_convert.sold_local_at as date)'],
] -%}
{%- set weights = [
    ['erp/material', 'base_erp__material', 'gross_weight', 'weight_unit', 'gross_weight_kg'],
    ['tms/shipment', 'base_tms__shipment', 'weight_value', 'weight_unit', 'weight_kg'],
] -%}
-- noqa: disable=LT02
{# (indentation is checked on the rendered loop/branches, which sqlfluff cannot map back) #}
with

reporting_currency as (
    select currency_code from {{ ref('reporting_currency') }}
),

as_of as (
    select as_of_date from {{ ref('int_as_of') }}
),

{% for m in money %}
money_{{ m[1] }} as (
    select
        '{{ m[0] }}' as source,
        rows_to_convert._extract_date as extract_date,
        case when fx.rate is null then 'no_fx_rate' else 'converted_currency' end as conversion
    from {{ ref(m[1]) }} as rows_to_convert
    cross join reporting_currency
    cross join as_of
    {{ fx_rate_join('fx', 'rows_to_convert.' ~ m[3], m[4]) }}
    where
        rows_to_convert._parse_errors is null
        and rows_to_convert.{{ m[2] }} is not null
        and coalesce(rows_to_convert.{{ m[3] }}, '') <> reporting_currency.currency_code
),
{% endfor %}

{%- for w in weights %}
weight_{{ w[1] }} as (
    select
        '{{ w[0] }}' as source,
        _extract_date as extract_date,
        case when {{ w[4] }} is null then 'unknown_weight_unit' else 'converted_weight' end as conversion
    from {{ ref(w[1]) }}
    where
        _parse_errors is null
        and {{ w[2] }} is not null
        and coalesce(upper({{ w[3] }}), '') <> 'KG'
),
{% endfor %}

unioned as (
    {%- for m in money %}
    select * from money_{{ m[1] }}
    union all
    {%- endfor %}
    {%- for w in weights %}
    select * from weight_{{ w[1] }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
)

select * from unioned
