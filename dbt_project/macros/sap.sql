{# Parsing the text values of the raw layer. A value is unparseable (rule STG01) when it is
   non-empty but its parse yields null; empty means "no value" and is not an error. #}

{# SAP number: '.' decimal mark, optional trailing minus ('12.50-' = -12.50). #}
{% macro parse_sap_number(expr, data_type='decimal(18, 4)') -%}
    case
        when {{ expr }} is null or trim({{ expr }}) = '' then null
        when trim({{ expr }}) like '%-'
            then -1 * {{ try_cast('substr(trim(' ~ expr ~ '), 1, length(trim(' ~ expr ~ ')) - 1)', data_type) }}
        else {{ try_cast('trim(' ~ expr ~ ')', data_type) }}
    end
{%- endmacro %}

{# Plain number (procurement, TMS): leading minus only. #}
{% macro parse_number(expr, data_type='decimal(18, 4)') -%}
    case
        when {{ expr }} is null or trim({{ expr }}) = '' then null
        else {{ try_cast('trim(' ~ expr ~ ')', data_type) }}
    end
{%- endmacro %}

{# SAP date YYYYMMDD; '00000000' and empty mean no date. #}
{% macro parse_sap_date(expr) -%}
    case
        when {{ expr }} is null or trim({{ expr }}) in ('', '00000000') then null
        else {{ try_parse_date('trim(' ~ expr ~ ')', '%Y%m%d') }}
    end
{%- endmacro %}

{# ISO date YYYY-MM-DD (procurement). #}
{% macro parse_iso_date(expr) -%}
    case
        when {{ expr }} is null or trim({{ expr }}) = '' then null
        else {{ try_parse_date('trim(' ~ expr ~ ')', '%Y-%m-%d') }}
    end
{%- endmacro %}

{# SAP flag: 'X' = true, empty = false. #}
{% macro parse_sap_flag(expr) -%}
    coalesce(upper(trim({{ expr }})) = 'X', false)
{%- endmacro %}

{# The field's name when its raw text is non-empty but the parsed value is null, else null;
   concat_ws over these gives a row's list of unparseable fields. The parse is tested first
   and the raw text read once: readers filter on `_parse_errors is null`, and DuckDB inlines
   this expression into their filter, where it shares no subexpressions (as it would in a
   projection): 1.5 s -> 0.7 s over a year's TMS shipments (docs/performance-notes.md). #}
{% macro unparseable_field(name, raw_expr, parsed_expr) -%}
    case
        when {{ parsed_expr }} is null
            and coalesce(trim(cast({{ raw_expr }} as {{ dbt.type_string() }})) not in ('', '00000000'), false)
            then '{{ name }}'
    end
{%- endmacro %}

{# Null when every listed field parsed, else 'unparseable value in: a, b'. #}
{% macro parse_errors(checks) -%}
    nullif(concat_ws(', ', {{ checks | join(', ') }}), '')
{%- endmacro %}

{# JSON scalars arrive as text; JSON null and empty mean no value. #}
{% macro json_scalar(expr) -%}
    nullif(nullif(trim({{ expr }}), ''), 'null')
{%- endmacro %}

{# JSON boolean text ('true'/'false') to boolean; anything else null. #}
{% macro parse_json_boolean(expr) -%}
    case lower(trim({{ expr }}))
        when 'true' then true
        when 'false' then false
    end
{%- endmacro %}
