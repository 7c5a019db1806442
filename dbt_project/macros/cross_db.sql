{# Dialect-specific SQL lives only here, behind adapter.dispatch, so the same models run on
   DuckDB (default__) and later on Spark (spark__ implementations added next to these). #}

{# Cast that yields null instead of failing on a value that cannot be parsed. #}
{% macro try_cast(expr, data_type) -%}
    {{ return(adapter.dispatch('try_cast', 'chainseg')(expr, data_type)) }}
{%- endmacro %}
{% macro default__try_cast(expr, data_type) -%}
    try_cast({{ expr }} as {{ data_type }})
{%- endmacro %}

{# Text date in a strptime format ('%Y%m%d'); null when it does not parse. #}
{% macro try_parse_date(expr, fmt) -%}
    {{ return(adapter.dispatch('try_parse_date', 'chainseg')(expr, fmt)) }}
{%- endmacro %}
{% macro default__try_parse_date(expr, fmt) -%}
    cast(try_strptime({{ expr }}, '{{ fmt }}') as date)
{%- endmacro %}

{# Hash of a row's delivered field values (metadata excluded), nulls included, to find exact
   duplicates (CR05, which compares it only between rows of the same key, where a collision
   of 64 bits is out of reach). DuckDB's own hash of the values: md5 over their text took
   1.2 s per scan of the 5.2 M POS rows, this 0.07 s (docs/performance-notes.md). #}
{% macro row_content_hash(columns) -%}
    {{ return(adapter.dispatch('row_content_hash', 'chainseg')(columns)) }}
{%- endmacro %}
{% macro default__row_content_hash(columns) -%}
    hash({{ columns | join(', ') }})
{%- endmacro %}

{# A scalar member of a JSON text value, as text ('$.value'). #}
{% macro json_extract_text(expr, path) -%}
    {{ return(adapter.dispatch('json_extract_text', 'chainseg')(expr, path)) }}
{%- endmacro %}
{% macro default__json_extract_text(expr, path) -%}
    json_extract_string({{ expr }}, '{{ path }}')
{%- endmacro %}

{# One output row per element of a JSON array of scalars held as text (select-list use). #}
{% macro json_array_explode(expr) -%}
    {{ return(adapter.dispatch('json_array_explode', 'chainseg')(expr)) }}
{%- endmacro %}
{% macro default__json_array_explode(expr) -%}
    unnest(cast(json({{ expr }}) as varchar []))
{%- endmacro %}

{# Number of elements of a JSON array held as text. #}
{% macro json_array_length(expr) -%}
    {{ return(adapter.dispatch('json_array_length', 'chainseg')(expr)) }}
{%- endmacro %}
{% macro default__json_array_length(expr) -%}
    json_array_length({{ expr }})
{%- endmacro %}

{# Replace every match of a regular expression (DuckDB replaces only the first without 'g'). #}
{% macro regex_replace_all(expr, pattern, replacement) -%}
    {{ return(adapter.dispatch('regex_replace_all', 'chainseg')(expr, pattern, replacement)) }}
{%- endmacro %}
{% macro default__regex_replace_all(expr, pattern, replacement) -%}
    regexp_replace({{ expr }}, '{{ pattern }}', '{{ replacement }}', 'g')
{%- endmacro %}

{# Does the whole text match a regular expression? #}
{% macro regex_full_match(expr, pattern) -%}
    {{ return(adapter.dispatch('regex_full_match', 'chainseg')(expr, pattern)) }}
{%- endmacro %}
{% macro default__regex_full_match(expr, pattern) -%}
    regexp_full_match({{ expr }}, '{{ pattern }}')
{%- endmacro %}

{# ISO-8601 text with an offset ('2025-03-30T01:30:00+02:00', 'Z') -> UTC timestamp without
   time zone; null when it does not parse. #}
{% macro parse_timestamp_with_offset_utc(expr) -%}
    {{ return(adapter.dispatch('parse_timestamp_with_offset_utc', 'chainseg')(expr)) }}
{%- endmacro %}
{% macro default__parse_timestamp_with_offset_utc(expr) -%}
    timezone('UTC', try_cast({{ expr }} as timestamptz))
{%- endmacro %}

{# ISO-8601 text with an offset -> its local wall-clock timestamp (the offset dropped). #}
{% macro parse_timestamp_local_part(expr) -%}
    {{ return(adapter.dispatch('parse_timestamp_local_part', 'chainseg')(expr)) }}
{%- endmacro %}
{% macro default__parse_timestamp_local_part(expr) -%}
    try_cast(replace(substr({{ expr }}, 1, 19), 'T', ' ') as timestamp)
{%- endmacro %}

{# Local wall-clock timestamp in an IANA zone -> UTC timestamp without time zone. #}
{% macro local_to_utc(ts_expr, tz_expr) -%}
    {{ return(adapter.dispatch('local_to_utc', 'chainseg')(ts_expr, tz_expr)) }}
{%- endmacro %}
{% macro default__local_to_utc(ts_expr, tz_expr) -%}
    timezone('UTC', timezone({{ tz_expr }}, {{ ts_expr }}))
{%- endmacro %}

{# Exact median of a numeric expression (decimals cast to double first, as Spark needs). #}
{% macro median(expr) -%}
    {{ return(adapter.dispatch('median', 'chainseg')(expr)) }}
{%- endmacro %}
{% macro default__median(expr) -%}
    median(cast({{ expr }} as double))
{%- endmacro %}

{# Date formatted with a strptime-style pattern. #}
{% macro format_date(expr, fmt) -%}
    {{ return(adapter.dispatch('format_date', 'chainseg')(expr, fmt)) }}
{%- endmacro %}
{% macro default__format_date(expr, fmt) -%}
    strftime({{ expr }}, '{{ fmt }}')
{%- endmacro %}

{# ISO week-numbering year and week of a date. #}
{% macro iso_year(expr) -%}
    {{ return(adapter.dispatch('iso_year', 'chainseg')(expr)) }}
{%- endmacro %}
{% macro default__iso_year(expr) -%}
    isoyear({{ expr }})
{%- endmacro %}
{% macro iso_week(expr) -%}
    {{ return(adapter.dispatch('iso_week', 'chainseg')(expr)) }}
{%- endmacro %}
{% macro default__iso_week(expr) -%}
    weekofyear({{ expr }})
{%- endmacro %}

{# Day-by-day spine of dates between two date expressions, inclusive (column date_day). #}
{% macro date_spine_days(start_expr, end_expr) -%}
    {{ return(adapter.dispatch('date_spine_days', 'chainseg')(start_expr, end_expr)) }}
{%- endmacro %}
{% macro default__date_spine_days(start_expr, end_expr) -%}
    select cast(unnest(generate_series(cast({{ start_expr }} as date), cast({{ end_expr }} as date), interval 1 day)) as date) as date_day
{%- endmacro %}

{# ISO day of week, Monday = 1 ... Sunday = 7. #}
{% macro day_of_week_iso(expr) -%}
    {{ return(adapter.dispatch('day_of_week_iso', 'chainseg')(expr)) }}
{%- endmacro %}
{% macro default__day_of_week_iso(expr) -%}
    isodow({{ expr }})
{%- endmacro %}

{# Monday of the ISO week of a date. #}
{% macro iso_week_start(expr) -%}
    cast({{ dbt.dateadd('day', '1 - ' ~ day_of_week_iso(expr), expr) }} as date)
{%- endmacro %}

{# Whole seconds from timestamp `start` to timestamp `end` (negative when end is earlier). #}
{% macro seconds_between(start, end) -%}
    {{ return(adapter.dispatch('seconds_between', 'chainseg')(start, end)) }}
{%- endmacro %}
{% macro default__seconds_between(start, end) -%}
    cast(epoch({{ end }}) - epoch({{ start }}) as bigint)
{%- endmacro %}
