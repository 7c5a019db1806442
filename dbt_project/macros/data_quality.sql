{# The two shapes of a data-quality rule model (models/intermediate/data_quality/). Each
   returns one row per source, rule, check and extract date with rows_checked, rows_failed
   and rows_quarantined; int_data_quality_checks_counted unions them. Every rule code is
   named and explained in seed data_quality_rules. #}

{# A rule that sees every row it checks: `relation` holds one row per checked row and
   `failure` is the name of the row's failure (null when it passes). Its '_checked' row counts
   the passing rows; rows_checked summed over the checks is every row looked at. #}
{% macro count_rule_checks(rule_id, relation, source, extract_date, failure, is_failed=none, is_quarantined='false') -%}
    select
        source,
        '{{ rule_id }}' as rule_id,
        check_name,
        extract_date,
        cast(count(*) as bigint) as rows_checked,
        cast(sum(case when is_failed then 1 else 0 end) as bigint) as rows_failed,
        cast(sum(case when is_quarantined then 1 else 0 end) as bigint) as rows_quarantined
    from (
        select
            {{ source }} as source,
            coalesce({{ failure }}, '_checked') as check_name,
            {{ extract_date }} as extract_date,
            {{ is_failed or '(' ~ failure ~ ') is not null' }} as is_failed,
            {{ is_quarantined }} as is_quarantined
        from {{ relation }}
    ) as checked_rows
    group by source, check_name, extract_date
{%- endmacro %}

{# A rule whose detail model lists only the rows it failed (with `source`, `extract_date`
   and the check in `check`): failures counted per check, and a '_checked' row per source
   and extract date from int_staged_row_counts (`rows_parsed`, or `rows_read` for a rule
   that looks at raw text) for the sources where `checked_sources` holds. #}
{% macro count_listed_failures(rule_id, relation, check, row_counts, checked_column='rows_parsed', checked_sources='true') -%}
    select
        source,
        '{{ rule_id }}' as rule_id,
        {{ check }} as check_name,
        extract_date,
        cast(null as bigint) as rows_checked,
        cast(count(*) as bigint) as rows_failed,
        cast(0 as bigint) as rows_quarantined
    from {{ relation }}
    group by source, {{ check }}, extract_date
    union all
    select
        source,
        '{{ rule_id }}' as rule_id,
        '_checked' as check_name,
        extract_date,
        cast({{ checked_column }} as bigint) as rows_checked,
        cast(0 as bigint) as rows_failed,
        cast(0 as bigint) as rows_quarantined
    from {{ row_counts }}
    where {{ checked_sources }}
{%- endmacro %}

{# `source in ('a', 'b')` for a Jinja list of sources. #}
{% macro source_in(sources) -%}
    source in ('{{ sources | join("', '") }}')
{%- endmacro %}

{# The checks that count a routine correction, not a defect: an older version that a newer
   one superseded (the source re-sending a changed row) and an amount or weight converted to
   the reporting currency or kg. int_data_quality_checks_counted moves their count from
   rows_failed to rows_corrected; every other check's failures stay failures. #}
{% macro dq_correction_checks() -%}
    {{ return({
        'CR05': ['superseded_version'],
        'CR07': ['converted_currency', 'converted_weight'],
    }) }}
{%- endmacro %}

{# `(rule_id = 'X' and check_name in (...)) or ...` for the correction checks. #}
{% macro is_correction_check() -%}
    {%- set terms = [] -%}
    {%- for rule_id, checks in dq_correction_checks().items() -%}
        {%- do terms.append("(rule_id = '" ~ rule_id ~ "' and check_name in ('" ~ (checks | join("', '")) ~ "'))") -%}
    {%- endfor -%}
    ({{ terms | join(' or ') }})
{%- endmacro %}
