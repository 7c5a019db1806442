{# CR08: one row per raw row carrying an id in a non-canonical form, with the first defect
   found: whitespace_id (stray blanks), lowercase_id (lower-case letters), padded_id (an
   all-digit id padded where its system sends it unpadded, or not padded to SAP's width in
   ERP). It reads the ids as delivered, before base models normalise them, so it reads raw;
   normalisation repairs all of them and this model only lists what it repaired. The
   entities and id columns come from macro source_id_columns(). #}
-- noqa: disable=LT02
{# (indentation is checked on the rendered loop/branches, which sqlfluff cannot map back) #}
with

{% for e in source_id_columns() %}
{{ e.raw }} as (
    select
        '{{ e.entity }}' as source,
        _extract_date as extract_date,
        _source_file as source_file,
        _row_number as row_number,
        coalesce(
            {%- for c in e.columns %}
            {{ id_form_defect('cast(' ~ c[0] ~ ' as ' ~ dbt.type_string() ~ ')', c[1]) }}{% if not loop.last %},{% endif %}
            {%- endfor %}
        ) as id_defect
    from ({{ landed_as_of('raw', e.raw) }}) as landed
),
{% endfor %}

unioned as (
    {%- for e in source_id_columns() %}
    select * from {{ e.raw }}
    where id_defect is not null
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
)

select * from unioned
