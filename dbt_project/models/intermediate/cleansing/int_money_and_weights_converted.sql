{{ extract_date_delta_config(
    ['source', 'extract_date'],
    post_hook="{{ record_landed_watermark(conversion_rates()) }}",
) }}
{# CR07: one row per delivered (parsed) row whose money or weight needed converting, with
   whether it could be: converted_currency / converted_weight, or no_fx_rate (no rate on or
   before the row's date) / unknown_weight_unit. Rows already in the reporting currency or in
   kg need nothing and are not listed. The columns converted: macro converted_columns()
   (registered in seed converted_columns).
   Incremental by extract date (macros/incremental.sql): only the dates with newly landed
   files are converted again, unless the FX rates or the reporting currency changed since the
   last build, which rebuilds it (weights convert by a fixed factor, macro weight_to_kg). #}
-- noqa: disable=LT02
{# (indentation is checked on the rendered loop/branches, which sqlfluff cannot map back) #}
{%- set dates = new_extract_dates(conversion_rates()) %}
with

reporting_currency as (
    select currency_code from {{ ref('reporting_currency') }}
),

as_of as (
    select as_of_date from {{ ref('int_as_of') }}
),

{% for c in converted_columns() %}
{%- if c.conversion == 'currency' %}
money_{{ c.base }} as (
    select
        '{{ c.source }}' as source,
        rows_to_convert._extract_date as extract_date,
        case when fx.rate is null then 'no_fx_rate' else 'converted_currency' end as conversion
    from {{ ref(c.base) }} as rows_to_convert
    cross join reporting_currency
    cross join as_of
    {{ fx_rate_join('fx', 'rows_to_convert.' ~ c.unit, c.rate_date) }}
    where
        rows_to_convert._parse_errors is null
        {{- and_new_extract_dates(dates, c.source, 'rows_to_convert._extract_date') }}
        and rows_to_convert.{{ c.amount }} is not null
        and coalesce(rows_to_convert.{{ c.unit }}, '') <> reporting_currency.currency_code
),
{%- else %}
weight_{{ c.base }} as (
    select
        '{{ c.source }}' as source,
        _extract_date as extract_date,
        case when {{ c.converted }} is null then 'unknown_weight_unit' else 'converted_weight' end as conversion
    from {{ ref(c.base) }}
    where
        _parse_errors is null
        {{- and_new_extract_dates(dates, c.source) }}
        and {{ c.amount }} is not null
        and coalesce(upper({{ c.unit }}), '') <> 'KG'
),
{%- endif %}
{% endfor %}

unioned as (
    {%- for c in converted_columns() %}
    select * from {{ 'money_' if c.conversion == 'currency' else 'weight_' }}{{ c.base }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
)

select * from unioned
