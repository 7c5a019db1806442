{# Incremental by extract date for the models that union every staged entity (issue 15): the
   cleansing and data-quality intermediates. Their rows carry no _loaded_at, so each such
   table records, as its DuckDB table comment, how far the landed files it has processed go:
   the newest ledger loaded_at and the newest extract date landed (as of the run's as-of date;
   read from stg_ingestion__file_ledger, which each such model names with `-- depends_on`).
   The next run reads, per entity, only the extract dates of files loaded after that or dated
   after it (a late file for an old date reopens that date) and replaces those dates' rows
   (delete+insert on a key that includes the extract date). A failed model records nothing,
   so its next run reprocesses the same dates; delete+insert makes that harmless.

   DuckDB only: on Spark (delete+insert needs Delta/Iceberg/Hudi there, macros/spark.sql) these
   models are plain tables built in full, and the hooks do nothing. A run with an explicit
   --as-of rebuilds them in full (as_of_full_refresh), like the incremental staging models. #}

{# 'incremental' on DuckDB, 'table' elsewhere. #}
{% macro extract_date_incremental_materialization() -%}
    {{ return('incremental' if target.type == 'duckdb' else 'table') }}
{%- endmacro %}

{% macro _watermark_prefix() -%}
    {{ return('chainseg:landed-through ') }}
{%- endmacro %}

{# The newest loaded_at and extract date of the ledger as of the run's as-of date. #}
{% macro _ledger_watermark() -%}
    {%- set sql -%}
        select
            cast(max(loaded_at) as {{ dbt.type_string() }}),
            cast(max(extract_date) as {{ dbt.type_string() }})
        from {{ ref('stg_ingestion__file_ledger') }} as ledger
    {%- endset -%}
    {%- set row = run_query(sql).rows[0] -%}
    {{ return([row[0], row[1]]) }}
{%- endmacro %}

{# Post-hook: record the ledger watermark on the table just built (a no-op off DuckDB), and
   the fingerprint of the masters it joins when `fingerprint_sql` names them. #}
{% macro record_landed_watermark(fingerprint_sql=none) -%}
    {%- if execute and target.type == 'duckdb' -%}
        {%- set wm = _ledger_watermark() -%}
        {%- if wm[0] is not none -%}
            {%- set fact_part = '|' ~ masters_fingerprint(fingerprint_sql) ~ '|' ~ _run_as_of_date() if fingerprint_sql else '' -%}
            comment on table {{ this }} is '{{ _watermark_prefix() }}{{ wm[0] }}|{{ wm[1] }}{{ fact_part }}'
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}

{# The run's as-of date (int_as_of), as text. #}
{% macro _run_as_of_date() -%}
    {{ return(run_query('select cast(as_of_date as ' ~ dbt.type_string() ~ ') from ' ~ ref('int_as_of')).rows[0][0]) }}
{%- endmacro %}

{# An order-independent hash of the rows of the queries in `fingerprint_sql` (a list). #}
{% macro masters_fingerprint(fingerprint_sql) -%}
    {%- set parts = [] -%}
    {%- for query in fingerprint_sql -%}
        {%- set row = run_query(
            'select cast(coalesce(sum(hash(t)::hugeint), 0) as varchar) || \':\' || cast(count(*) as varchar) from ('
            ~ query ~ ') as t'
        ).rows[0] -%}
        {%- do parts.append(row[0]) -%}
    {%- endfor -%}
    {{ return(parts | join(',')) }}
{%- endmacro %}

{# For a fact incremental over its incremental staging model (macros/incremental.sql header):
   [loaded_at, extract_date, fingerprint, as-of date] of its last build when this run may take
   only the delta, none when it must rebuild: a full build, no watermark, a master it joins
   (product by GTIN, store, carrier, FX rates: `fingerprint_sql`) changed since (that changes
   old rows too), or the as-of date is earlier than the last build's (after a run --as-of a
   date past the last extract, rows it took must go again). #}
{% macro fact_delta_watermark(fingerprint_sql) -%}
    {%- if not execute or this is none or not is_incremental() -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set wm = read_landed_watermark(this) -%}
    {%- if wm is none or wm | length != 4 or wm[2] != masters_fingerprint(fingerprint_sql)
        or _run_as_of_date() < wm[3] -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return(wm) }}
{%- endmacro %}

{# The fact's delta: staging rows loaded (or of an extract dated) after the watermark, and rows
   that the as-of date has reached since (dated after the last as-of date, loaded earlier). #}
{% macro fact_delta_rows(wm, date_column) -%}
    (
        _loaded_at > cast('{{ wm[0] }}' as timestamp)
        or _extract_date > cast('{{ wm[1] }}' as date)
        or {{ date_column }} > cast('{{ wm[3] }}' as date)
    )
{%- endmacro %}

{# Pre-hook of such a fact. On a delta run: a re-sent record whose new version is dated after
   the as-of date is no longer in the fact, and delete+insert only replaces the keys it
   inserts, so remove those. On an incremental run that must rebuild: empty the table (the
   model then inserts every row). #}
{% macro delete_fact_rows_dated_after_as_of(staging_model, key_columns, date_column, fingerprint_sql) -%}
    {%- if execute and this is not none and is_incremental() -%}
        {%- set wm = fact_delta_watermark(fingerprint_sql) -%}
        {%- if wm is none %}
    delete from {{ this }}
        {%- else %}
    delete from {{ this }}
    where exists (
        select 1 from {{ ref(staging_model) }} as resent
        where
            {{ fact_delta_rows(wm, 'resent.' ~ date_column) }}
            and not {{ dated_by_as_of('resent.' ~ date_column) }}
            {%- for key in key_columns %}
            and resent.{{ key }} = {{ this }}.{{ key }}
            {%- endfor %}
    )
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}

{# The masters each incremental fact joins, as queries whose fingerprint decides whether the
   last build's rows still hold (fact_delta_watermark). #}
{% macro fact_masters(fact) -%}
    {%- set fx = 'select * from ' ~ ref('dim_fx_rates') -%}
    {%- if fact == 'fct_pos_sales_lines' -%}
        {{ return([
            'select gtin, product_id from ' ~ ref('dim_product') ~ ' where not is_unknown_member and gtin is not null',
            'select store_id, customer_id from ' ~ ref('dim_store') ~ ' where not is_unknown_member',
            fx,
        ]) }}
    {%- elif fact == 'fct_freight_charges' -%}
        {{ return([
            'select carrier_id from ' ~ ref('dim_carrier') ~ ' where not is_unknown_member',
            fx,
        ]) }}
    {%- endif -%}
    {{ exceptions.raise_compiler_error('fact_masters: no masters listed for ' ~ fact) }}
{%- endmacro %}
{# [loaded_at, extract_date] the table `relation` recorded, or none (no table, no comment). #}
{% macro read_landed_watermark(relation) -%}
    {%- if not execute or target.type != 'duckdb' -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set found = run_query(
        "select comment from duckdb_tables() where schema_name = '" ~ relation.schema
        ~ "' and table_name = '" ~ relation.identifier ~ "'"
    ).rows -%}
    {%- if found | length == 0 or found[0][0] is none or not found[0][0].startswith(_watermark_prefix()) -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return(found[0][0][_watermark_prefix() | length:].split('|')) }}
{%- endmacro %}

{# On an incremental run: {entity: [extract dates to (re)process]} from the ledger, files
   loaded after the recorded watermark or dated after it; none on a full build (every date),
   and none when the table has no watermark (a table built before this rule: every date, the
   delete+insert then rewrites it whole). #}
{% macro new_extract_dates() -%}
    {%- if not execute or this is none or not is_incremental() -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set wm = read_landed_watermark(this) -%}
    {%- if wm is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set sql -%}
        select distinct source, cast(extract_date as {{ dbt.type_string() }})
        from {{ ref('stg_ingestion__file_ledger') }} as ledger
        where
            loaded_at > cast('{{ wm[0] }}' as timestamp)
            or extract_date > cast('{{ wm[1] }}' as date)
        order by 1, 2
    {%- endset -%}
    {%- set dates = {} -%}
    {%- for row in run_query(sql).rows -%}
        {%- do dates.setdefault(row[0], []).append(row[1]) -%}
    {%- endfor -%}
    {{ return(dates) }}
{%- endmacro %}

{# `and <the entity's rows of the dates to process>` for a staged entity: nothing on a full
   build, `and false` when the entity has no new date. #}
{% macro and_new_extract_dates(dates, entity, extract_date_column='_extract_date') -%}
    {%- if dates is not none -%}
        {%- if entity in dates %}
        and {{ extract_date_column }} in (cast('{{ dates[entity] | join("' as date), cast('") }}' as date))
        {%- else %}
        and false
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}
