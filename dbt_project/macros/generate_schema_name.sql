{# Custom schema names are used verbatim (staging, core, marts, ...), not prefixed with the
   target schema, so every environment publishes the same schema names. #}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
