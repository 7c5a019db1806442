{# CR05: one row per parsed raw row that staging drops as a duplicate, with why:
   exact_duplicate - the same delivered values as an earlier row (delta entities: anywhere in
   their history; snapshot entities: within the same extract date, since every snapshot
   repeats the full state); superseded_version - an older version of a key of a delta entity
   that a newer row replaces. Snapshots are history: older snapshots, and several versions of
   a key within one snapshot (an assessment history), are not duplicates; staging simply
   keeps the latest. The kept row is the one latest_version_rank puts first. #}
-- noqa: disable=LT02
{# (indentation is checked on the rendered loop/branches, which sqlfluff cannot map back) #}
with

{% for e in staged_entities() %}
{%- set scope = e.key if e.kind == 'delta' else ['_extract_date'] + e.key %}
{%- set hash_scope = ['_row_hash'] if e.kind == 'delta' else ['_extract_date', '_row_hash'] %}
{{ e.base }} as (
    select
        '{{ e.entity }}' as source,
        _source_file as source_file,
        _extract_date as extract_date,
        _row_number as row_number,
        row_number() over (
            partition by {{ hash_scope | join(', ') }}
            order by _extract_date desc, _source_file desc, _row_number desc
        ) as copy_number,
        {{ latest_version_rank(scope, e.version) }} as version_rank,
        {{ 'true' if e.kind == 'delta' else 'false' }} as is_delta
    from {{ ref(e.base) }}
    where _parse_errors is null
),
{% endfor %}

unioned as (
    {{ union_staged_entity_ctes() }}
),

dropped as (
    select
        source,
        source_file,
        extract_date,
        row_number,
        case when copy_number > 1 then 'exact_duplicate' else 'superseded_version' end as duplicate_kind
    from unioned
    where copy_number > 1 or (version_rank > 1 and is_delta)
)

select * from dropped
