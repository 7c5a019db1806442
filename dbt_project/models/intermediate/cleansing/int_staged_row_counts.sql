{{ extract_date_delta_config(['source', 'extract_date']) }}
{# One row per source entity and extract date: raw rows staging read (rows_read) and those
   that parsed (rows_parsed). The denominators (rows_checked) of the row-level rules.
   Incremental by extract date (macros/incremental.sql): only the dates with newly landed files
   are counted again. #}
-- noqa: disable=LT02
{# (indentation is checked on the rendered loop/branches, which sqlfluff cannot map back) #}
{%- set dates = new_extract_dates() %}
with

{% for e in staged_entities() %}
{{ e.base }} as (
    select
        '{{ e.entity }}' as source,
        _extract_date as extract_date,
        count(*) as rows_read,
        sum(case when _parse_errors is null then 1 else 0 end) as rows_parsed
    from {{ ref(e.base) }}
    where true {{- and_new_extract_dates(dates, e.entity) }}
    group by _extract_date
),
{% endfor %}

unioned as (
    {{ union_staged_entity_ctes() }}
)

select * from unioned
