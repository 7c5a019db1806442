{{ extract_date_delta_config(
    ['source', 'extract_date'],
    post_hook="{{ record_landed_watermark(master_reference_keys()) }}",
) }}
-- depends_on: {{ ref('int_as_of') }}
{# CR06: one row per delivered (parsed) row and kind of key (material, customer, supplier,
   carrier, gtin) whose id is missing from its master. The facts keep such rows on the
   UNKNOWN member; this model counts them per source, key and extract date.
   Incremental by extract date (macros/incremental.sql): only the dates with newly landed
   files are checked again, unless the known ids of a master (or Oracle's item mapping)
   changed since the last build, which rebuilds it. #}
-- noqa: disable=LT02
{# (indentation is checked on the rendered loop/branches, which sqlfluff cannot map back) #}
{%- set dates = new_extract_dates(master_reference_keys()) %}
with

{% for m in master_references() %}
known_{{ m.kind }} as (
    select distinct {{ m.dim_key }} as known_id
    from {{ ref(m.dim) }}
    where not is_unknown_member and {{ m.dim_key }} is not null
),
{% endfor %}

{%- for m in master_references() %}
{%- for r in m.refs %}
{{ m.kind }}_{{ r[1] }} as (
    select
        '{{ r[0] }}' as source,
        '{{ m.kind }}' as key_kind,
        checked_rows._extract_date as extract_date,
        checked_rows._source_file as source_file,
        checked_rows._row_number as row_number
    from {{ ref(r[1]) }} as checked_rows
    {%- for column in r[2] %}
    left join known_{{ m.kind }} as known_{{ loop.index }}
        on checked_rows.{{ column }} = known_{{ loop.index }}.known_id
    {%- endfor %}
    where
        checked_rows._parse_errors is null
        {{- and_new_extract_dates(dates, r[0], 'checked_rows._extract_date') }}
        and (
            {%- for column in r[2] %}
            (checked_rows.{{ column }} is not null and known_{{ loop.index }}.known_id is null)
            {%- if not loop.last %} or{% endif %}
            {%- endfor %}
        )
),
{% endfor %}
{%- endfor %}

unioned as (
    {%- for m in master_references() %}
    {%- set outer_last = loop.last %}
    {%- for r in m.refs %}
    select * from {{ m.kind }}_{{ r[1] }}
    {%- if not (outer_last and loop.last) %}
    union all
    {%- endif %}
    {%- endfor %}
    {%- endfor %}
)

select * from unioned
