{# Summaries of a fact incremental by the fact's delta (issue 15; models/intermediate/summaries/).
   A summary row is a group of fact lines (a day, or a store x product x ISO week); the
   summary replaces whole groups: every row of a day (or week) the fact may have changed
   since the summary's last build is deleted (pre-hook delete_summary_delta) and that day's
   rows are summed again from all of its fact lines, so every exact partial sum is the one a
   full build computes, bit for bit.

   Which groups: the fact changes only the keys its delta reopens (macros/incremental.sql,
   _fact_delta_keys_query), and the reopened keys since a fact watermark W include those of
   every later fact run (the conditions only narrow as W advances). So the groups to redo are
     - the groups of the fact's current rows of the keys reopened since the fact's watermark
       at the summary's last build (a late line for an old date reopens that date or week);
     - the groups whose line count differs between the fact and the summary: a line that left
       its group (a re-sent version dated elsewhere, cancelled, dated after the as-of date)
       leaves one line fewer there unless another line entered it, and an entering line is
       one of the first kind.
   The summary records, as its DuckDB table comment, the fact's watermark comment it read
   (record_summary_watermark). It is rebuilt in full when it has none, when the fact's masters
   fingerprint differs from the recorded one (the fact was rebuilt: any row may have changed)
   or when the as-of date moved back. On Spark the summaries are plain tables. #}

{% macro _summary_prefix() -%}
    {{ return('chainseg:summary-of ') }}
{%- endmacro %}

{# The DuckDB comment of a relation, none if it has none (or off DuckDB). #}
{% macro _table_comment(relation) -%}
    {%- set found = run_query(
        "select comment from duckdb_tables() where schema_name = '" ~ relation.schema
        ~ "' and table_name = '" ~ relation.identifier ~ "'"
    ).rows -%}
    {{ return(found[0][0] if found | length > 0 else none) }}
{%- endmacro %}

{# The fact's watermark [loaded_at, extract_date, fingerprint, as-of date] this summary
   recorded at its last build, when this run may redo only the groups changed since; none
   when it must be built from every line (see above). Always names the models the fact's delta
   keys are read from (dbt sees them when parsing), except in a unit test, which knows only
   its given inputs (and builds in full). #}
{% macro summary_delta_watermark(fact) -%}
    {%- if model.resource_type != 'unit_test' -%}
        {%- set _ = [fact_delta_sources(fact), ref(fact), ref('stg_ingestion__file_ledger'), ref('int_as_of')] -%}
    {%- endif -%}
    {%- if not execute or target.type != 'duckdb' or this is none or not is_incremental() -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return(fact_watermark_read(_table_comment(this), _table_comment(ref(fact)), _summary_prefix())) }}
{%- endmacro %}

{# The temporary table the pre-hook stages the groups to redo in (column `summary_group`), on
   the model's own connection (as fact_delta_keys_table). #}
{% macro summary_delta_groups_table() -%}
    {{ return('temp.main.' ~ this.identifier ~ '__delta_groups') }}
{%- endmacro %}

{# The model side: `true` on a full build, else whether `group_expr` (the group of a fact
   line) is one of the groups to redo. #}
{% macro in_summary_delta(wm, group_expr) -%}
    {%- if wm is none -%}
        true
    {%- else -%}
        exists (
            select 1 from {{ summary_delta_groups_table() }} as delta_groups
            where delta_groups.summary_group is not distinct from {{ group_expr }}
        )
    {%- endif -%}
{%- endmacro %}

{# Pre-hook: on an incremental run, stage the groups to redo and delete their rows, or delete
   every row when the summary must be rebuilt. `group_expr` is a fact line's group (over the
   fact's columns), `group_column` the summary's column holding it, `lines_where` the fact
   lines the summary counts (its line_count). #}
{% macro delete_summary_delta(fact, group_expr, group_column, lines_where='true') -%}
    {%- if execute and this is not none and is_incremental() -%}
        {%- set wm = summary_delta_watermark(fact) -%}
        {%- if wm is none %}
    delete from {{ this }}
        {%- else %}
    create or replace temporary table {{ summary_delta_groups_table() }} as
    with delta_keys as (
        {{ _fact_delta_keys_query(fact, wm) }}
    ),

    reopened as (
        select distinct {{ group_expr }} as summary_group
        from {{ ref(fact) }} as lines
        where exists (
            select 1 from delta_keys
            where
                {%- for key in fact_key_columns(fact) %}
                {{ 'and ' if not loop.first }}delta_keys.{{ key }} is not distinct from lines.{{ key }}
                {%- endfor %}
        )
    ),

    fact_counts as (
        select {{ group_expr }} as summary_group, count(*) as line_count
        from {{ ref(fact) }} as lines
        where {{ lines_where }}
        group by 1
    ),

    summary_counts as (
        select {{ group_column }} as summary_group, sum(line_count) as line_count
        from {{ this }}
        group by 1
    ),

    recounted as (
        select coalesce(fact_counts.summary_group, summary_counts.summary_group) as summary_group
        from fact_counts
        full outer join summary_counts
            on fact_counts.summary_group is not distinct from summary_counts.summary_group
        where fact_counts.line_count is distinct from summary_counts.line_count
    )

    select summary_group from reopened
    union
    select summary_group from recounted;
    delete from {{ this }}
    where exists (
        select 1 from {{ summary_delta_groups_table() }} as delta_groups
        where delta_groups.summary_group is not distinct from {{ this }}.{{ group_column }}
    )
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}

{# Post-hook: record the fact's watermark comment as read by this build (a no-op off DuckDB
   or when the fact recorded none). #}
{% macro record_summary_watermark(fact) -%}
    {%- if execute and target.type == 'duckdb' -%}
        {%- set current = _table_comment(ref(fact)) -%}
        {%- if current is not none and current.startswith(_watermark_prefix()) -%}
            comment on table {{ this }} is '{{ _summary_prefix() }}{{ current }}'
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}
