{# CR08: ids trimmed and upper-cased; all-digit ids lose their leading zeros (SAP ALPHA
   conversion) so that ERP '0000004711' = procurement '4711'; alphanumeric ids keep theirs.
   Empty text is no id (null). #}
{% macro normalize_id(expr) -%}
    case
        when {{ expr }} is null or trim({{ expr }}) = '' then null
        when {{ regex_full_match('trim(' ~ expr ~ ')', '[0-9]+') }}
            then coalesce(nullif({{ regex_replace_all('trim(' ~ expr ~ ')', '^0+', '') }}, ''), '0')
        else upper(trim({{ expr }}))
    end
{%- endmacro %}

{# The form a system canonically sends an id in: ERP pads all-digit MATNR to 18 and
   LIFNR/KUNNR to 10, every other system sends ids unpadded. Used to count CR08 defects. #}
{% macro canonical_source_id(normalized_expr, pad_to) -%}
    {%- if pad_to -%}
        case
            when {{ regex_full_match(normalized_expr, '[0-9]+') }}
                then lpad({{ normalized_expr }}, {{ pad_to }}, '0')
            else {{ normalized_expr }}
        end
    {%- else -%}
        {{ normalized_expr }}
    {%- endif -%}
{%- endmacro %}

{# ERP distribution channel code (VTWEG, normalised) to its name. #}
{% macro sales_channel_name(code_expr) -%}
    case {{ code_expr }}
        when '10' then 'wholesale'
        when '20' then 'retail'
        when '30' then 'ecommerce'
    end
{%- endmacro %}

{# CR08: the first way a raw id departs from its system's canonical form, or null. The
   cheap test goes first: a condition's regular expression then only sees the rows that pass
   it (the scale-1 year's scan of every source's ids: 2.1-2.5 s with the expression first,
   1.5 s so). #}
{%- macro id_form_defect(column, pad) -%}
    case
        when {{ column }} <> trim({{ column }}) then 'whitespace_id'
        when trim({{ column }}) <> upper(trim({{ column }})) then 'lowercase_id'
        {%- if pad %}
        when length({{ column }}) <> {{ pad }} and {{ regex_full_match(column, '[0-9]+') }} then 'padded_id'
        {%- else %}
        when {{ column }} like '0%' and {{ regex_full_match(column, '0[0-9]+') }} then 'padded_id'
        {%- endif %}
    end
{%- endmacro %}
