{# CR05: rank the rows of a key so that 1 is the latest version: greatest version column,
   then latest extract date, then last file and row (sources.md). Portable window SQL. #}
{% macro latest_version_rank(key_columns, version_column=none) -%}
    row_number() over (
        partition by {{ key_columns | join(', ') }}
        order by
            {%- if version_column %}
            {{ version_column }} desc nulls last,
            {%- endif %}
            _extract_date desc,
            _source_file desc,
            _row_number desc
    )
{%- endmacro %}

{# The load metadata every raw row carries, passed through staging unchanged. #}
{% macro raw_metadata_columns(alias=none) -%}
    {%- set p = alias ~ '.' if alias else '' -%}
    {{ p }}_source_file,
    {{ p }}_extract_date,
    {{ p }}_row_number,
    {{ p }}_load_id,
    {{ p }}_loaded_at
{%- endmacro %}

{# CR05 for an incremental staging model: the latest version of each key among the rows of
   `new_rows` (a CTE of the rows loaded since the last run) and, on an incremental run, the
   current versions of the same keys in {{ this }}, so a re-sent key is compared with what
   the table holds and the winner replaces it (delete+insert on the key). `metadata_columns`:
   the load metadata the model keeps, all of it unless named (CR05 ranks on _extract_date,
   _source_file and _row_number, which every staging model keeps).
   Only the rows of a key that occurs more than once are ranked; a key's only row is its
   latest version as it is. A full build of the IoT readings at scale 1 then sorts ~30,000
   of a year's 7.6 M rows: 6.8 s before, 4.6 s this way (docs/performance-notes.md). #}
{% macro latest_versions(new_rows, columns, key_columns, version_column=none, metadata_columns=none) -%}
    {%- set metadata = metadata_columns | join(', ') if metadata_columns else raw_metadata_columns() -%}
    {%- set selected = columns | join(', ') ~ ', ' ~ metadata -%}
    {%- set of_repeated_key -%}
        select 1 from repeated_keys
        where
            {%- for key in key_columns %}
            {{ 'and ' if not loop.first }}repeated_keys.{{ key }} is not distinct from candidates.{{ key }}
            {%- endfor %}
    {%- endset -%}
    select {{ selected }}
    from (
        with candidates as (
            select {{ selected }} from {{ new_rows }}
            {%- if is_incremental() %}
            union all
            select {{ selected }} from {{ this }} as current_rows
            where exists (
                select 1 from {{ new_rows }}
                where
                    {%- for key in key_columns %}
                    {{ 'and ' if not loop.first }}{{ new_rows }}.{{ key }} = current_rows.{{ key }}
                    {%- endfor %}
            )
            {%- endif %}
        ),

        repeated_keys as (
            select {{ key_columns | join(', ') }}
            from candidates
            group by {{ key_columns | join(', ') }}
            having count(*) > 1
        )

        select {{ selected }}
        from candidates
        where not exists ({{ of_repeated_key }})
        union all
        select {{ selected }}
        from (
            select
                *,
                {{ latest_version_rank(key_columns, version_column) }} as _version_rank
            from candidates
            where exists ({{ of_repeated_key }})
        ) as ranked
        where _version_rank = 1
    ) as latest_versions
{%- endmacro %}

{# A key's hash, nulls included: CR05's key index (int_duplicate_key_extract_dates) and the
   key tests (repeated_keys). #}
{% macro duplicate_key_hash(key_columns) -%}
    hash({{ key_columns | join(', ') }})
{%- endmacro %}

{# For int_duplicate_rows_dropped on an incremental run: {delta entity: [extract dates on
   which a key of the entity's new rows (`dates`, new_extract_dates) occurs]}, from the key
   index int_duplicate_key_extract_dates; none (rank against the whole history) on a full
   build, off DuckDB, or when the index has not taken every landed file yet (its watermark is
   not the ledger's: a row it lacks would be missed). #}
{% macro duplicate_key_extract_dates(dates) -%}
    {%- set index = ref('int_duplicate_key_extract_dates') -%}
    {%- if not execute or dates is none or target.type != 'duckdb' -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set wm = _ledger_watermark() -%}
    {%- if _table_comment(index) != _watermark_prefix() ~ wm[0] ~ '|' ~ wm[1] -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set entities = staged_entities() | selectattr('kind', 'equalto', 'delta') | selectattr('entity', 'in', dates) | list -%}
    {%- set found = {} -%}
    {%- if entities | length > 0 -%}
        {%- set sql -%}
            {%- for e in entities %}
            select distinct index_rows.source, cast(index_rows.extract_date as {{ dbt.type_string() }})
            from {{ index }} as index_rows
            where
                index_rows.source = '{{ e.entity }}'
                and index_rows.key_hash in (
                    select {{ duplicate_key_hash(e.key) }} from {{ ref(e.base) }}
                    where _parse_errors is null {{- and_new_extract_dates(dates, e.entity) }}
                )
            {%- if not loop.last %}
            union all
            {%- endif %}
            {%- endfor %}
        {%- endset -%}
        {%- for entity, extract_date in run_query(sql).rows -%}
            {%- do found.setdefault(entity, []).append(extract_date) -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(found) }}
{%- endmacro %}
