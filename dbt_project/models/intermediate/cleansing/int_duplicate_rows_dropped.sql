{{ extract_date_delta_config(['source', 'source_file', 'extract_date', 'row_number']) }}
{# CR05: one row per parsed raw row that staging drops as a duplicate, with why:
   exact_duplicate - the same delivered values as an earlier row (delta entities: anywhere in
   their history; snapshot entities: within the same extract date, since every snapshot
   repeats the full state); superseded_version - an older version of a key of a delta entity
   that a newer row replaces. Snapshots are history: older snapshots, and several versions of
   a key within one snapshot (an assessment history), are not duplicates; staging simply
   keeps the latest. The kept row is the one latest_version_rank puts first.

   Only a row whose ranking scope (the key; for a snapshot, the extract date and key) holds
   another row can be dropped: a superseded version shares its key with the newer row, and
   an exact duplicate its hash, which covers the columns the key comes from (a snapshot's
   date is its extract date). So the windows rank only the rows of repeated scopes, a few
   thousand of millions, and never sort the entity's whole history; and copies are found by
   scope and hash, so a hash is only ever compared with those of its own key's rows.

   Incremental by extract date (macros/incremental.sql): the rows whose ranking a new extract
   can change are those that share their ranking scope (the key; for a snapshot, the extract
   date and key) with a row of a newly landed date, since an exact duplicate has the same
   delivered values, key included. Only those keys' rows are ranked again and replace their
   rows here (delete+insert on the row). Rankings only grow when rows are added, so a row once
   dropped stays dropped (an older version may turn into an exact duplicate); a row of a key
   no new row touches keeps its verdict. The rows of those keys are read only from the extract
   dates the key index int_duplicate_key_extract_dates lists for them (every date a key has a
   parsed row on; macro duplicate_key_extract_dates), not from the entity's whole history. #}
-- noqa: disable=LT02
{# (indentation is checked on the rendered loop/branches, which sqlfluff cannot map back) #}
{%- set dates = new_extract_dates() %}
{%- set key_dates = duplicate_key_extract_dates(dates) %}
with

{% for e in staged_entities() %}
{%- set scope = e.key if e.kind == 'delta' else ['_extract_date'] + e.key %}
{%- set hash_scope = scope + ['_row_hash'] %}
{%- set ranked_on = scope + ([e.version] if e.version and e.kind == 'delta' else [])
    + ['_row_hash', '_source_file', '_row_number'] %}
{%- if dates is not none and e.kind == 'delta' and e.entity in dates %}
{{ e.base }}_new_keys as (
    select distinct {{ e.key | join(', ') }}
    from {{ ref(e.base) }}
    where _parse_errors is null {{- and_new_extract_dates(dates, e.entity) }}
),
{%- endif %}
{{ e.base }}_scoped as (
    select {{ (ranked_on + ['_extract_date']) | unique | join(', ') }}
    from {{ ref(e.base) }} as candidate  -- noqa: AL05
    where
        _parse_errors is null
        {%- if dates is not none and e.kind == 'delta' and e.entity in dates %}
        and exists (
            select 1 from {{ e.base }}_new_keys as new_keys
            where
                {%- for key in e.key %}
                {{ 'and ' if not loop.first }}new_keys.{{ key }} is not distinct from candidate.{{ key }}
                {%- endfor %}
        )
        {%- if key_dates is not none %}
        {{- and_new_extract_dates({e.entity: (key_dates.get(e.entity, []) + dates[e.entity]) | unique | sort | list}, e.entity) }}
        {%- endif %}
        {%- else %} {{- and_new_extract_dates(dates, e.entity) }}
        {%- endif %}
),
{{ e.base }}_repeated as (
    select {{ scope | join(', ') }}
    from {{ e.base }}_scoped
    group by {{ scope | join(', ') }}
    having count(*) > 1
),
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
        {%- if e.kind == 'delta' %}
        {{ latest_version_rank(scope, e.version) }} > 1 as is_superseded
        {%- else %}
        false as is_superseded
        {%- endif %}
    from {{ e.base }}_scoped as candidate  -- noqa: AL05
    where exists (
        select 1 from {{ e.base }}_repeated as repeated
        where
            {%- for key in scope %}
            {{ 'and ' if not loop.first }}repeated.{{ key }} is not distinct from candidate.{{ key }}
            {%- endfor %}
    )
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
    where copy_number > 1 or is_superseded
)

select * from dropped
