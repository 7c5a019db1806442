{{ extract_date_delta_config(['source', 'extract_date']) }}
{# STG01: one row per well-formed raw row whose number, date or timestamp could not be
   parsed; staging leaves it out, it stays in raw and is quarantined here with its fields.
   Row by row, so incremental by extract date (macros/incremental.sql). #}
-- noqa: disable=LT02
{# (indentation is checked on the rendered loop/branches, which sqlfluff cannot map back) #}
{%- set dates = new_extract_dates() %}
with

{% for e in staged_entities() %}
{{ e.base }} as (
    select
        '{{ e.entity }}' as source,
        _source_file as source_file,
        _extract_date as extract_date,
        _row_number as row_number,
        'STG01' as rule_id,
        'unparseable value in: ' || _parse_errors as reason
    from {{ ref(e.base) }}
    where _parse_errors is not null {{- and_new_extract_dates(dates, e.entity) }}
),
{% endfor %}

unioned as (
    {{ union_staged_entity_ctes() }}
)

select * from unioned
