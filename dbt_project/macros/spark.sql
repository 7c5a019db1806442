{# The Spark side of the dialect macros of cross_db.sql (spark__ next to the default__ ones),
   the raw sources of the `spark` target, and the incremental strategy mapping. Nothing here
   runs on DuckDB: dispatch picks these only when target.type == 'spark'. #}

{# strptime-style pattern ('%Y%m%d') to a Java DateTimeFormatter pattern ('yyyyMMdd'). #}
{% macro spark_datetime_pattern(fmt) -%}
    {{ return(fmt | replace('%Y', 'yyyy') | replace('%m', 'MM') | replace('%d', 'dd')
        | replace('%H', 'HH') | replace('%M', 'mm') | replace('%S', 'ss') | replace('%b', 'MMM')
        | replace('%B', 'MMMM') | replace('%a', 'EEE') | replace('%A', 'EEEE')) }}
{%- endmacro %}

{% macro spark__try_parse_date(expr, fmt) -%}
    try_to_date({{ expr }}, '{{ spark_datetime_pattern(fmt) }}')
{%- endmacro %}

{# Spark's multi-column hashes skip nulls (('a', null) and (null, 'a') hash alike): the md5 of
   the values' text, nulls spelled out. #}
{% macro spark__row_content_hash(columns) -%}
    md5(concat_ws('|'
        {%- for column in columns %}, coalesce(cast({{ column }} as string), '<null>')
        {%- endfor %}))
{%- endmacro %}

{% macro spark__json_extract_text(expr, path) -%}
    get_json_object({{ expr }}, '{{ path }}')
{%- endmacro %}

{# A generator in the select list, as DuckDB's unnest; one per select clause on Spark. #}
{% macro spark__json_array_explode(expr) -%}
    explode(from_json({{ expr }}, 'array<string>'))
{%- endmacro %}

{# Spark's regexp_replace replaces every match; back-references are $1, not \1. #}
{% macro spark__regex_replace_all(expr, pattern, replacement) -%}
    regexp_replace({{ expr }}, '{{ pattern }}', '{{ replacement | replace("\\", "$") }}')
{%- endmacro %}

{% macro spark__regex_full_match(expr, pattern) -%}
    ({{ expr }} rlike '^(?:{{ pattern }})$')
{%- endmacro %}

{# Spark parses ISO-8601 text with an offset or 'Z' into an instant; under the UTC session
   time zone of the profile that instant reads as the UTC wall clock. #}
{% macro spark__parse_timestamp_with_offset_utc(expr) -%}
    try_cast({{ expr }} as timestamp)
{%- endmacro %}

{# Wall clock in an IANA zone -> UTC wall clock (the session time zone is UTC). #}
{% macro spark__local_to_utc(ts_expr, tz_expr) -%}
    to_utc_timestamp({{ ts_expr }}, {{ tz_expr }})
{%- endmacro %}

{% macro spark__format_date(expr, fmt) -%}
    date_format({{ expr }}, '{{ spark_datetime_pattern(fmt) }}')
{%- endmacro %}

{% macro spark__iso_year(expr) -%}
    extract(yearofweek from {{ expr }})
{%- endmacro %}

{% macro spark__date_spine_days(start_expr, end_expr) -%}
    select explode(sequence(cast({{ start_expr }} as date), cast({{ end_expr }} as date), interval 1 day)) as date_day
{%- endmacro %}

{# weekday(): Monday = 0 ... Sunday = 6. #}
{% macro spark__day_of_week_iso(expr) -%}
    (weekday({{ expr }}) + 1)
{%- endmacro %}

{# on-run-start: the raw sources as external tables over the Parquet export of
   ingestion/export.py (folder from CHAINSEG_RAW_PARQUET), one per source table of the
   project; Spark infers schema and partitions (_extract_date=YYYY-MM-DD) once, at creation
   (a view over parquet.`path` would infer them again at every read). Dropping an external
   table leaves its files alone. Folders drop leading underscores
   (_file_ledger -> file_ledger): Spark ignores paths starting with '_'. No-op on every
   other target. #}
{% macro create_spark_sources() -%}
    {%- if execute and target.type == 'spark' -%}
        {%- set root = env_var('CHAINSEG_RAW_PARQUET', '') -%}
        {%- if not root -%}
            {{ exceptions.raise_compiler_error("CHAINSEG_RAW_PARQUET is not set: export the raw layer with `python -m ingestion.export <warehouse> <dir>` and point it there") }}
        {%- endif -%}
        {%- do run_query('create schema if not exists raw') -%}
        {%- for node in graph.sources.values() if node.source_name == 'raw' -%}
            {%- do run_query('drop table if exists raw.' ~ node.identifier) -%}
            {%- do run_query(
                'create table raw.' ~ node.identifier
                ~ " using parquet location '" ~ root ~ '/' ~ node.identifier.lstrip('_') ~ "'"
            ) -%}
            {#- Cached once per run: staging views read every source many times, and each
                uncached read lists all its partition folders again. -#}
            {%- do run_query('cache table raw.' ~ node.identifier) -%}
        {%- endfor -%}
    {%- endif -%}
{%- endmacro %}

{# The models' delete+insert incremental strategy (unique key upsert) on Spark: a merge on
   the unique key where the table format supports it (delta, iceberg, hudi). Plain Parquet
   tables have no row-level delete: they are built in full (first run or --full-refresh)
   and an incremental run stops with a message instead of writing wrong rows. #}
{% macro dbt_spark_validate_get_incremental_strategy(raw_strategy, file_format) -%}
    {%- if raw_strategy == 'delete+insert' -%}
        {{ return('merge' if file_format in ['delta', 'iceberg', 'hudi'] else 'delete+insert') }}
    {%- endif -%}
    {{ return(dbt_spark.dbt_spark_validate_get_incremental_strategy(raw_strategy, file_format)) }}
{%- endmacro %}

{% macro dbt_spark_get_incremental_sql(strategy, source, target, existing, unique_key, incremental_predicates) -%}
    {%- if strategy == 'delete+insert' -%}
        {{ exceptions.raise_compiler_error(
            "incremental delete+insert into " ~ target ~ " needs file_format delta, iceberg or hudi on Spark; "
            ~ "with Parquet tables run with --full-refresh") }}
    {%- endif -%}
    {{ return(dbt_spark.dbt_spark_get_incremental_sql(strategy, source, target, existing, unique_key, incremental_predicates)) }}
{%- endmacro %}

{% macro spark__seconds_between(start, end) -%}
    cast(unix_timestamp({{ end }}) - unix_timestamp({{ start }}) as bigint)
{%- endmacro %}
