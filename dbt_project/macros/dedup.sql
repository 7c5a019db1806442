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

{# Hash of a row's delivered field values (metadata excluded) to find exact duplicates. #}
{% macro row_content_hash(columns) -%}
    md5(concat_ws('|'
        {%- for column in columns %}, coalesce(cast({{ column }} as {{ dbt.type_string() }}), '<null>')
        {%- endfor %}))
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
   _source_file and _row_number, which every staging model keeps). #}
{% macro latest_versions(new_rows, columns, key_columns, version_column=none, metadata_columns=none) -%}
    {%- set metadata = metadata_columns | join(', ') if metadata_columns else raw_metadata_columns() -%}
    {%- set selected = columns | join(', ') ~ ', ' ~ metadata -%}
    select {{ selected }}
    from (
        select
            *,
            {{ latest_version_rank(key_columns, version_column) }} as _version_rank
        from (
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
        ) as candidates
    ) as ranked
    where _version_rank = 1
{%- endmacro %}
