{# CR06: one row per source, check and extract date: parsed fact rows per kind of key
   missing from its master (unknown_material, unknown_customer ...; kept on the UNKNOWN
   member), and the parsed rows checked of the sources macro master_references() lists. #}
{%- set checked_sources = [] -%}
{%- for m in master_references() -%}
    {%- for r in m.refs if r[0] not in checked_sources -%}
        {%- do checked_sources.append(r[0]) -%}
    {%- endfor -%}
{%- endfor -%}
with

unknown_references as (
    select * from {{ ref('int_master_references_unresolved') }}
),

row_counts as (
    select * from {{ ref('int_staged_row_counts') }}
),

counted as (
    {{ count_listed_failures(
        'CR06', 'unknown_references', "'unknown_' || key_kind", 'row_counts',
        checked_sources=source_in(checked_sources),
    ) }}
)

select * from counted
