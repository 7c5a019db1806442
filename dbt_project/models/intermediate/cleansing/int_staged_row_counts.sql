{# One row per source entity and extract date: raw rows staging read (rows_read) and those
   that parsed (rows_parsed). The denominators (rows_checked) of the row-level rules. #}
-- noqa: disable=LT02
{# (indentation is checked on the rendered loop/branches, which sqlfluff cannot map back) #}
with

{% for e in staged_entities() %}
{{ e.base }} as (
    select
        '{{ e.entity }}' as source,
        _extract_date as extract_date,
        count(*) as rows_read,
        sum(case when _parse_errors is null then 1 else 0 end) as rows_parsed
    from {{ ref(e.base) }}
    group by _extract_date
),
{% endfor %}

unioned as (
    {{ union_staged_entity_ctes() }}
)

select * from unioned
