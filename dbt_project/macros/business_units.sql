{# Which ERP runs which business unit: SAP runs BU-CORE, Oracle SCM Cloud the acquired BU-ORA.
   Written here once; models tag their rows through the macros below. #}
{% macro business_unit_by_system() -%}
    {{ return({'sap': 'BU-CORE', 'oracle': 'BU-ORA'}) }}
{%- endmacro %}

{# The two columns that say where a fact or master row comes from. #}
{% macro source_columns(source_system) -%}
    '{{ source_system }}' as source_system,
    '{{ business_unit_by_system()[source_system] }}' as business_unit
{%- endmacro %}

{# The business units behind a dimension member's source systems ('sap', 'oracle' or
   'sap,oracle', systems in that order). #}
{% macro business_units_of(source_systems_expr) -%}
    {%- set units = business_unit_by_system() %}
    case {{ source_systems_expr }}
        when 'sap' then '{{ units.sap }}'
        when 'oracle' then '{{ units.oracle }}'
        when 'sap,oracle' then '{{ units.sap }},{{ units.oracle }}'
    end
{%- endmacro %}

{# SAP's staged rows and Oracle's conformed rows of one entity as one relation, each tagged
   with its system and business unit (the Oracle model tags its own); a fact dated by a record
   date holds back, on both sides, the records dated after the as-of date. #}
{% macro sap_and_oracle(sap_model, oracle_model, dated_by=none) -%}
    select
        *,
        {{ source_columns('sap') }}
    from {{ ref(sap_model) }}
    {%- if dated_by %}
    where {{ dated_by_as_of(dated_by) }}
    {%- endif %}
    union all
    select * from {{ ref(oracle_model) }}
    {%- if dated_by %}
    where {{ dated_by_as_of(dated_by) }}
    {%- endif %}
{%- endmacro %}
