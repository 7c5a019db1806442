{# Incremental by extract date for the models that union every staged entity (issue 15): the
   cleansing and data-quality intermediates. Their rows carry no _loaded_at, so each such
   table records, as its DuckDB table comment, how far the landed files it has processed go:
   the newest ledger loaded_at and the newest extract date landed (as of the run's as-of date;
   read from stg_ingestion__file_ledger, which extract_date_delta_config names for dbt).
   The next run reads, per entity, only the extract dates of files loaded after that or dated
   after it (a late file for an old date reopens that date) and replaces those dates' rows
   (delete+insert on a key that includes the extract date). A failed model records nothing,
   so its next run reprocesses the same dates; delete+insert makes that harmless.
   The same watermark serves the incremental staging models (macros/staging_incremental.sql)
   and the facts (below); landed_watermark() is its one reader for all three.

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

{# [newest loaded_at, newest extract date] of `relation`, as text ([none, none] when empty). #}
{% macro newest_landed(relation, loaded_at_column='_loaded_at', extract_date_column='_extract_date') -%}
    {%- set sql -%}
        select
            cast(max({{ loaded_at_column }}) as {{ dbt.type_string() }}),
            cast(max({{ extract_date_column }}) as {{ dbt.type_string() }})
        from {{ relation }}
    {%- endset -%}
    {%- set row = run_query(sql).rows[0] -%}
    {{ return([row[0], row[1]]) }}
{%- endmacro %}

{# The newest loaded_at and extract date of the ledger as of the run's as-of date. #}
{% macro _ledger_watermark() -%}
    {{ return(newest_landed(ref('stg_ingestion__file_ledger'), 'loaded_at', 'extract_date')) }}
{%- endmacro %}

{# Post-hook: record the ledger watermark on the table just built (a no-op off DuckDB), and
   the fingerprint of the masters it joins when `fingerprint_sql` names them. #}
{% macro record_landed_watermark(fingerprint_sql=none) -%}
    {%- if execute and target.type == 'duckdb' -%}
        {%- set wm = _ledger_watermark() -%}
        {%- if wm[0] is not none -%}
            {%- set fact_part = '|' ~ masters_fingerprint(fingerprint_sql) ~ '|' ~ _run_as_of_date() if fingerprint_sql is not none else '' -%}
            comment on table {{ this }} is '{{ _watermark_prefix() }}{{ wm[0] }}|{{ wm[1] }}{{ fact_part }}'
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}

{# The watermark this model recorded (record_landed_watermark) when this run may take only
   what landed since: [loaded_at, extract_date], and for a model whose rows also depend on
   masters or a seed (`fingerprint_sql`) [loaded_at, extract_date, fingerprint, as-of date].
   None when the model must be built from every row: not an incremental run (first build,
   full refresh, a plain table on Spark), no watermark recorded (a table built before this
   rule), or with `fingerprint_sql` a fingerprint that changed since or an as-of date earlier
   than the recorded one (the rows it took then must go again). #}
{% macro landed_watermark(fingerprint_sql=none) -%}
    {%- if not execute or target.type != 'duckdb' or this is none or not is_incremental() -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set found = run_query(
        "select comment from duckdb_tables() where schema_name = '" ~ this.schema
        ~ "' and table_name = '" ~ this.identifier ~ "'"
    ).rows -%}
    {%- if found | length == 0 or found[0][0] is none or not found[0][0].startswith(_watermark_prefix()) -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set wm = found[0][0][_watermark_prefix() | length:].split('|') -%}
    {%- if fingerprint_sql is not none and (
        wm | length != 4 or wm[2] != masters_fingerprint(fingerprint_sql) or _run_as_of_date() < wm[3]
    ) -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return(wm) }}
{%- endmacro %}

{# The fact watermark [loaded_at, extract date, fingerprint, as-of date] a reader of a fact
   recorded (`recorded`: the fact's table comment as the reader read it, behind the reader's
   `reader_prefix`), while the fact still holds the rows it read then: the fact's comment now
   (`current`) has the same masters' fingerprint and an as-of date no earlier. None when the
   reader recorded none or the fact was rebuilt since. A summary (macros/summary_incremental.sql)
   and a key test on a fact (macros/quality_delta.sql) take the fact's delta keys after it. #}
{% macro fact_watermark_read(recorded, current, reader_prefix='') -%}
    {%- set prefix = reader_prefix ~ _watermark_prefix() -%}
    {%- if recorded is none or current is none or not recorded.startswith(prefix)
        or not current.startswith(_watermark_prefix()) -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set wm = recorded[prefix | length:].split('|') -%}
    {%- set now = current[_watermark_prefix() | length:].split('|') -%}
    {%- if wm | length != 4 or now | length != 4 or wm[2] != now[2] or now[3] < wm[3] -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return(wm) }}
{%- endmacro %}

{# Whether a row (or ledger file) landed after watermark `wm`: loaded after it, or of an
   extract dated after it. #}
{% macro landed_after(wm, loaded_at_column, extract_date_column) -%}
    ({{ loaded_at_column }} > cast('{{ wm[0] }}' as timestamp) or {{ extract_date_column }} > cast('{{ wm[1] }}' as date))
{%- endmacro %}

{# The config of a model incremental by extract date whose rows of the dates (or keys) it
   processes replace the stored ones by `unique_key` (delete+insert; a plain table off
   DuckDB), its watermark recorded by `post_hook`. It names the ledger the watermark is read
   from, so dbt orders the model after it. #}
{% macro extract_date_delta_config(unique_key, post_hook="{{ record_landed_watermark() }}", pre_hook=[]) -%}
    {%- set _ = ref('stg_ingestion__file_ledger') -%}
    {{ config(
        materialized=extract_date_incremental_materialization(),
        incremental_strategy='delete+insert',
        unique_key=unique_key,
        on_schema_change='fail',
        full_refresh=as_of_full_refresh(),
        pre_hook=pre_hook,
        post_hook=post_hook,
    ) }}
{%- endmacro %}

{# ref() for the models a fact's delta keys are read from. A model names them when parsing
   (fact_delta_watermark), so dbt orders it after them. A data test on a fact reads the same
   keys (macros/quality_delta.sql), but dbt lets a generic test ref only the models of its
   arguments: it takes the relation from the graph (its model, built after them, runs first). #}
{% macro delta_source_ref(name) -%}
    {%- if execute and model.resource_type == 'test' -%}
        {%- for node in graph.nodes.values()
            if node.resource_type in ('model', 'seed') and node.name == name and node.package_name == project_name -%}
            {{ return(api.Relation.create(database=node.database, schema=node.schema, identifier=node.alias or node.name)) }}
        {%- endfor -%}
    {%- endif -%}
    {{ return(ref(name)) }}
{%- endmacro %}

{# [(source entity, extract date)] of the ledger's files landed after watermark `wm`. #}
{% macro _extract_dates_landed_after(wm) -%}
    {%- set sql -%}
        select distinct source, cast(extract_date as {{ dbt.type_string() }})
        from {{ delta_source_ref('stg_ingestion__file_ledger') }} as ledger
        where {{ landed_after(wm, 'loaded_at', 'extract_date') }}
        order by 1, 2
    {%- endset -%}
    {{ return(run_query(sql).rows) }}
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

{# ---- Facts incremental over their staging models (issue 15) ----------------------------------
   A fact (or a line intermediate feeding one) is rebuilt per key: delete_fact_delta (pre-hook)
   stages the keys whose rows may have changed since its last build (fact_delta_keys_table)
   and removes their rows, and the model recomputes them from its whole inputs restricted to
   those keys (in_fact_delta), appended. A key is reopened by a staging row of the key (or a
   row it joins: an Oracle header, a delivery, a receipt) from an extract loaded since the
   watermark or dated after it, or dated by the as-of date's record date past the last build's
   as-of date. The extracts come from the ledger, so this holds whether staging is a view or an
   incremental table. Per key recomputation also drops what no longer belongs: a re-sent
   record now dated after the as-of date, a shipment version that no longer carries a delivery.
   The last build's rows only hold while the masters the fact joins (fact_masters) are
   unchanged and the as-of date has not moved back; otherwise the fact is rebuilt. #}

{# The config of a model kept between runs (a plain table off DuckDB) whose pre-hook deletes
   the rows its delta recomputes and whose post-hook records its watermark; the rows are
   appended. The facts and line models (fact_delta_config) and the daily/weekly summaries
   (macros/summary_incremental.sql) use it. #}
{% macro append_delta_config(pre_hook, post_hook) -%}
    {{ config(
        materialized=extract_date_incremental_materialization(),
        incremental_strategy='append',
        on_schema_change='fail',
        full_refresh=as_of_full_refresh(),
        pre_hook=pre_hook,
        post_hook=post_hook,
    ) }}
{%- endmacro %}

{# A fact-delta model's config: its delta deleted and its watermark recorded under its own
   name. #}
{% macro fact_delta_config() -%}
    {{ append_delta_config(
        pre_hook="{{ delete_fact_delta(model.name) }}",
        post_hook="{{ record_landed_watermark(fact_masters(model.name)) }}",
    ) }}
{%- endmacro %}

{# The fact's landed_watermark (its masters fingerprinted), none when it must rebuild. Always
   names the models the delta reads (dbt sees them when parsing, even on a full build), except
   in a dbt unit test: that builds the model in full from its fixtures, which then need not
   list the delta's sources and masters. #}
{% macro fact_delta_watermark(fact) -%}
    {%- if model.resource_type == 'unit_test' -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set masters = fact_masters(fact) -%}
    {%- set sources = fact_delta_sources(fact) -%}
    {%- set _ = [ref('stg_ingestion__file_ledger'), ref('int_as_of')] -%}
    {{ return(landed_watermark(masters)) }}
{%- endmacro %}

{# The query of the keys (named as fact_key_columns(fact)) to recompute after watermark `wm`. #}
{% macro _fact_delta_keys_query(fact, wm) -%}
    {%- set reopened = _extract_dates_landed_after(wm) | map(attribute=1) | unique | list -%}
    {%- set key_columns = fact_key_columns(fact) -%}
    select distinct {{ key_columns | join(', ') }}
    from (
        {%- for source in fact_delta_sources(fact, wm) %}
        select
            {%- for expression in source['keys'] %}
            {{ expression }} as {{ key_columns[loop.index0] }}{{ ',' if not loop.last }}
            {%- endfor %}
        from {{ source['from'] }}
        where
            {%- if source['rows'] | length == 0 %}
            {{ source.get('where', 'true') }}
            {%- endif %}
            {%- for alias, date_column in source['rows'] %}
            {{ 'or ' if not loop.first }}{{ _reopens_key(alias, date_column, wm, reopened) }}
            {%- endfor %}
        {%- if not loop.last %}
        union all
        {%- endif %}
        {%- endfor %}
    ) as delta_sources
{%- endmacro %}

{# Whether the staging row `alias` reopens its key after watermark `wm`: from an extract
   dated after it or of a date `reopened` (a date with files loaded since), or its record date
   `date_column` past the last build's as-of date. #}
{% macro _reopens_key(alias, date_column, wm, reopened) -%}
    {{ alias }}._extract_date > cast('{{ wm[1] }}' as date)
    {%- if reopened | length > 0 %}
    or {{ alias }}._extract_date in (cast('{{ reopened | join("' as date), cast('") }}' as date))
    {%- endif %}
    {%- if date_column %}
    or {{ alias }}.{{ date_column }} > cast('{{ wm[3] }}' as date)
    {%- endif %}
{%- endmacro %}

{# The temporary table the pre-hook stages this model's delta keys in, so that they are
   computed once per run: the pre-hook and the model's SQL run on the model's own DuckDB
   connection (as dbt-duckdb's own <model>__dbt_tmp table does), where a temporary table is
   visible to nothing else, whatever the number of dbt threads. #}
{% macro fact_delta_keys_table() -%}
    {{ return('temp.main.' ~ this.identifier ~ '__delta_keys') }}
{%- endmacro %}

{# The CTE delta_keys, the keys the pre-hook staged (fact_delta_keys_table), written right
   after a fact-delta model's `with` when the run takes the delta (`wm` not none); nothing on
   a full build. #}
{% macro delta_keys_cte(wm) -%}
    {%- if wm is not none -%}
        {{ '\n\ndelta_keys as (\n    select * from ' ~ fact_delta_keys_table() ~ '\n),' }}
    {%- endif -%}
{%- endmacro %}

{# The model side: `true` on a full build, else whether the row of `alias` whose key columns
   are `columns` (in the order of fact_key_columns) is in the CTE delta_keys. #}
{% macro in_fact_delta(fact, wm, alias, columns=none) -%}
    {%- if wm is none -%}
        true
    {%- else -%}
        exists (
            select 1 from delta_keys
            where
                {%- for key in fact_key_columns(fact) %}
                {{ 'and ' if not loop.first }}delta_keys.{{ key }} is not distinct from {{ alias }}.{{ (columns or fact_key_columns(fact))[loop.index0] }}
                {%- endfor %}
        )
    {%- endif -%}
{%- endmacro %}

{# Pre-hook: on an incremental run, stage the delta keys (fact_delta_keys_table) and delete
   their rows, or delete every row when the fact must be rebuilt (the model then inserts
   every row). #}
{% macro delete_fact_delta(fact) -%}
    {%- if execute and this is not none and is_incremental() -%}
        {%- set wm = fact_delta_watermark(fact) -%}
        {%- set shares = fact in _unscoped_models().values() -%}
        {%- if wm is none %}
    delete from {{ this }}
            {%- if shares %};
    drop table if exists {{ _shared_delta_keys_table(fact) }}
            {%- endif %}
        {%- else %}
    create or replace temporary table {{ fact_delta_keys_table() }} as
            {%- if _takes_shared_delta_keys(fact, wm) %}
    select * from {{ _shared_delta_keys_table(_unscoped_model(fact)) }};
            {%- else %}
    {{ _fact_delta_keys_query(fact, wm) }};
            {%- endif %}
            {%- if shares %}
    create schema if not exists _chainseg;
    create or replace table {{ _shared_delta_keys_table(fact) }} as select * from {{ fact_delta_keys_table() }};
    comment on table {{ _shared_delta_keys_table(fact) }} is '{{ _shared_delta_keys_state(wm) }}';
            {%- endif %}
    delete from {{ this }}
    where exists (
        select 1 from {{ fact_delta_keys_table() }} as delta_keys
        where
            {%- for key in fact_key_columns(fact) %}
            {{ 'and ' if not loop.first }}delta_keys.{{ key }} is not distinct from {{ this }}.{{ key }}
            {%- endfor %}
    )
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}

{# The line models in the pilot scope read their unscoped model's delta, and so do the costed,
   valued and delivered sales order lines and the PO lines' contract compliance (one per line
   of the fact, or fewer); the cost-to-serve line mart reads the delta (the lines recomputed)
   of the cost-to-serve lines. #}
{% macro _unscoped_model(fact) -%}
    {{ return(_unscoped_models().get(fact, fact)) }}
{%- endmacro %}

{% macro _unscoped_models() -%}
    {{ return({
        'mart_cost_to_serve_line': 'int_cost_to_serve_lines',
        'fct_sales_order_lines': 'int_sales_order_lines_unscoped',
        'fct_purchase_order_lines': 'int_purchase_order_lines_unscoped',
        'fct_goods_receipts': 'int_goods_receipts_unscoped',
        'fct_stock_snapshots': 'int_stock_snapshots_unscoped',
        'int_sales_order_lines_costed': 'int_sales_order_lines_unscoped',
        'int_sales_order_lines_valued': 'int_sales_order_lines_unscoped',
        'int_cts_delivered_lines': 'int_sales_order_lines_unscoped',
        'int_po_line_contract_compliance': 'int_purchase_order_lines_unscoped',
    }) }}
{%- endmacro %}

{# A model whose delta keys are those of its unscoped model takes them as that model computed
   them in this dbt invocation, instead of running the same query again (the cost-to-serve
   lines' compares every stored line with the charge allocations: ~0.3 s a year at scale 1).
   The unscoped model's pre-hook leaves its keys in this table, with the invocation and the
   watermark they were taken after (_shared_delta_keys_state); the keys hold for a model with
   the same watermark (loaded_at, extract date, as-of date: the masters' fingerprints each
   model checks itself) in the same invocation, built after it (it reads the unscoped model).
   Its stored rows, which the cost-to-serve lines' query also reads, are then the unscoped
   model's of the same keys. A rebuild of the unscoped model drops the table. #}
{% macro _shared_delta_keys_table(fact) -%}
    {{ return('_chainseg.' ~ fact ~ '__delta_keys') }}
{%- endmacro %}

{% macro _shared_delta_keys_state(wm) -%}
    {{ return(invocation_id ~ '|' ~ wm[0] ~ '|' ~ wm[1] ~ '|' ~ wm[3]) }}
{%- endmacro %}

{% macro _takes_shared_delta_keys(fact, wm) -%}
    {%- set unscoped = _unscoped_model(fact) -%}
    {%- if unscoped == fact -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set shared = api.Relation.create(schema='_chainseg', identifier=unscoped ~ '__delta_keys') -%}
    {{ return(_table_comment(shared) == _shared_delta_keys_state(wm)) }}
{%- endmacro %}

{# The columns a fact's rows are recomputed by: every row of a key is a function of the
   inputs of that key (not necessarily unique: one shipment, several deliveries). #}
{% macro fact_key_columns(fact) -%}
    {%- set keys = _fact_keys() -%}
    {%- if _unscoped_model(fact) not in keys -%}
        {{ exceptions.raise_compiler_error('fact_key_columns: no key listed for ' ~ fact) }}
    {%- endif -%}
    {{ return(keys[_unscoped_model(fact)]) }}
{%- endmacro %}

{# The models (and month sets) recomputed per key, as fact_key_columns knows them. #}
{% macro fact_delta_models() -%}
    {{ return(_fact_keys().keys() | list) }}
{%- endmacro %}

{% macro _fact_keys() -%}
    {{ return({
        'fct_pos_sales_lines': ['store_id', 'transaction_id', 'line_no'],
        'fct_freight_charges': ['charge_id'],
        'fct_shipments': ['shipment_id'],
        'fct_shipment_deliveries': ['shipment_id'],
        'fct_delivery_items': ['delivery_id', 'delivery_item'],
        'int_sales_order_lines_unscoped': ['sales_order_id', 'sales_order_item'],
        'int_purchase_order_lines_unscoped': ['po_number', 'po_item'],
        'int_goods_receipts_unscoped': ['material_document', 'document_year', 'document_item'],
        'int_stock_snapshots_unscoped': ['snapshot_date', 'source_product_id', 'plant_id'],
        'int_cost_to_serve_lines': ['sales_order_id', 'sales_order_item'],
        'cost_to_serve_months': ['order_month'],
        'int_shared_overhead_allocations': ['month'],
        'int_freight_charge_allocations': ['shipment_id'],
        'int_cts_delivery_items': ['delivery_id', 'delivery_item'],
        'int_shipment_temperature_compliance': ['shipment_id'],
        'int_sales_order_line_otif': ['sales_order_id', 'sales_order_item'],
        'int_product_stock_month': ['month'],
        'int_po_approval_compliance': ['po_number'],
    }) }}
{%- endmacro %}

{# Where a fact's delta keys come from: each source a `from` clause, the key expressions (in
   the order of fact_key_columns) and the (alias, record date column or none) whose rows
   reopen a key. A source without such rows reopens, on every incremental run, the keys of its
   rows that meet its `where` (default: all); `wm` (none when parsing) is the watermark the
   keys are taken after. Oracle lines are rebuilt from several staging models (fulfillment
   line and order header; PO schedule, line and header; receiving transaction and its PO), so
   a re-sent header reopens its lines. #}
{% macro fact_delta_sources(fact, wm=none) -%}
    {%- set fact = _unscoped_model(fact) -%}
    {%- set oracle_po_item = "lines.line_num || case when schedules.shipment_num = '1' then '' else '.' || schedules.shipment_num end" -%}
    {%- if fact == 'fct_pos_sales_lines' -%}
        {{ return([{'from': delta_source_ref('stg_pos__sales_lines') ~ ' as lines', 'keys': ['store_id', 'transaction_id', 'line_no'],
                    'rows': [('lines', 'sold_local_date')]}]) }}
    {%- elif fact == 'fct_freight_charges' -%}
        {{ return([{'from': delta_source_ref('stg_tms__freight_charges') ~ ' as charges', 'keys': ['charge_id'],
                    'rows': [('charges', 'invoice_date')]}]) }}
    {%- elif fact in ('fct_shipments', 'fct_shipment_deliveries') -%}
        {#- a shipment's deliveries come from its latest version's deliveries array -#}
        {{ return([{'from': delta_source_ref('stg_tms__shipments') ~ ' as shipments', 'keys': ['shipment_id'],
                    'rows': [('shipments', none)]}]) }}
    {%- elif fact == 'fct_delivery_items' -%}
        {{ return([
            {'from': delta_source_ref('stg_erp__delivery_items') ~ ' as items', 'keys': ['delivery_id', 'delivery_item'],
             'rows': [('items', none)]},
            {'from': _oracle_order_lines(), 'keys': ["'ORA-' || lines.fulfill_line_id", "'1'"],
             'rows': [('lines', none), ('headers', none)]},
        ]) }}
    {%- elif fact == 'int_sales_order_lines_unscoped' -%}
        {#- an order line's delivered quantity counts its deliveries issued by the as-of date -#}
        {{ return([
            {'from': delta_source_ref('stg_erp__sales_order_items') ~ ' as items', 'keys': ['sales_order_id', 'sales_order_item'],
             'rows': [('items', 'order_date')]},
            {'from': delta_source_ref('stg_erp__delivery_items') ~ ' as deliveries', 'keys': ['sales_order_id', 'sales_order_item'],
             'rows': [('deliveries', 'goods_issue_date')]},
            {'from': _oracle_order_lines(), 'keys': ["'ORA-' || headers.order_number", 'lines.fulfill_line_number'],
             'rows': [('lines', 'actual_ship_date'), ('headers', 'order_date')]},
        ]) }}
    {%- elif fact == 'int_purchase_order_lines_unscoped' -%}
        {#- a PO line's receipts count those posted by the as-of date -#}
        {{ return([
            {'from': delta_source_ref('stg_erp__purchase_order_items') ~ ' as items', 'keys': ['po_number', 'po_item'],
             'rows': [('items', 'po_date')]},
            {'from': delta_source_ref('stg_erp__goods_receipts') ~ ' as receipts', 'keys': ['po_number', 'po_item'],
             'rows': [('receipts', 'posting_date')]},
            {'from': delta_source_ref('stg_oracle__po_schedules') ~ ' as schedules inner join '
                ~ delta_source_ref('stg_oracle__po_lines') ~ ' as lines on schedules.po_line_id = lines.po_line_id inner join '
                ~ delta_source_ref('stg_oracle__po_headers') ~ ' as headers on schedules.po_header_id = headers.po_header_id',
             'keys': ["'ORA-' || headers.po_number", oracle_po_item],
             'rows': [('schedules', none), ('lines', none), ('headers', 'po_date')]},
            {'from': _oracle_receipts(), 'keys': ["'ORA-' || headers.po_number", oracle_po_item],
             'rows': [('transactions', 'transaction_date')]},
        ]) }}
    {%- elif fact == 'int_goods_receipts_unscoped' -%}
        {{ return([
            {'from': delta_source_ref('stg_erp__goods_receipts') ~ ' as receipts',
             'keys': ['material_document', 'document_year', 'document_item'], 'rows': [('receipts', 'posting_date')]},
            {'from': _oracle_receipts(),
             'keys': ["'ORA-' || transactions.transaction_id",
                      'cast(extract(year from transactions.transaction_date) as ' ~ dbt.type_string() ~ ')', "'1'"],
             'rows': [('transactions', 'transaction_date'), ('schedules', none), ('lines', none), ('headers', none)]},
        ]) }}
    {%- elif fact == 'int_stock_snapshots_unscoped' -%}
        {{ return([
            {'from': delta_source_ref('stg_erp__stock') ~ ' as stock', 'keys': ['snapshot_date', 'product_id', 'plant_id'],
             'rows': [('stock', none)]},
            {'from': delta_source_ref('stg_oracle__onhand') ~ ' as onhand left join ' ~ delta_source_ref('int_master_xref')
                ~ " as xref on xref.object_type = 'product' and onhand.source_item_id = xref.source_surrogate_id left join "
                ~ delta_source_ref('oracle_organizations') ~ ' as organizations on onhand.organization_id = organizations.organization_id',
             'keys': ['onhand.snapshot_date', 'coalesce(xref.global_id, onhand.source_item_id)',
                      'coalesce(organizations.plant_id, onhand.organization_id)'],
             'rows': [('onhand', none)]},
        ]) }}
    {%- elif fact == 'int_cost_to_serve_lines' -%}
        {{ return(_cost_to_serve_line_sources(wm)) }}
    {%- elif fact in ('cost_to_serve_months', 'int_shared_overhead_allocations') -%}
        {{ return(_cost_to_serve_month_sources(wm)) }}
    {%- elif fact == 'int_freight_charge_allocations' -%}
        {{ return(_freight_allocation_sources()) }}
    {%- elif fact == 'int_cts_delivery_items' -%}
        {{ return(_costed_item_sources()) }}
    {%- elif fact == 'int_sales_order_line_otif' -%}
        {{ return(_otif_line_sources(wm)) }}
    {%- elif fact == 'int_product_stock_month' -%}
        {{ return(_stock_month_sources(wm)) }}
    {%- elif fact == 'int_po_approval_compliance' -%}
        {{ return(_po_approval_sources(wm)) }}
    {%- elif fact == 'int_shipment_temperature_compliance' -%}
        {#- a shipment's range comes from the products of its deliveries' items -#}
        {%- set shipment_of = ' inner join ' ~ delta_source_ref('fct_shipment_deliveries')
            ~ ' as shipment_deliveries on shipment_deliveries.delivery_id = %s' -%}
        {{ return([
            {'from': delta_source_ref('stg_tms__shipments') ~ ' as shipments', 'keys': ['shipments.shipment_id'],
             'rows': [('shipments', none)]},
            {'from': delta_source_ref('stg_iot__shipment_readings') ~ ' as readings', 'keys': ['readings.shipment_id'],
             'rows': [('readings', none)]},
            {'from': delta_source_ref('stg_erp__delivery_items') ~ ' as items' ~ shipment_of | format('items.delivery_id'),
             'keys': ['shipment_deliveries.shipment_id'], 'rows': [('items', none)]},
            {'from': _oracle_order_lines() ~ shipment_of | format("'ORA-' || lines.fulfill_line_id"),
             'keys': ['shipment_deliveries.shipment_id'], 'rows': [('lines', none), ('headers', none)]},
        ]) }}
    {%- endif -%}
    {{ exceptions.raise_compiler_error('fact_delta_sources: no sources listed for ' ~ fact) }}
{%- endmacro %}

{# Oracle fulfillment lines with their order header (named lines, headers). #}
{% macro _oracle_order_lines() -%}
    {{ return(delta_source_ref('stg_oracle__fulfillment_lines') ~ ' as lines inner join '
        ~ delta_source_ref('stg_oracle__sales_order_headers') ~ ' as headers on lines.header_id = headers.header_id') }}
{%- endmacro %}

{# Oracle receiving transactions with their PO schedule, line and header (named transactions,
   schedules, lines, headers). #}
{% macro _oracle_receipts() -%}
    {{ return(delta_source_ref('stg_oracle__receiving_transactions') ~ ' as transactions left join '
        ~ delta_source_ref('stg_oracle__po_schedules') ~ ' as schedules on transactions.line_location_id = schedules.line_location_id left join '
        ~ delta_source_ref('stg_oracle__po_lines') ~ ' as lines on transactions.po_line_id = lines.po_line_id left join '
        ~ delta_source_ref('stg_oracle__po_headers') ~ ' as headers on transactions.po_header_id = headers.po_header_id') }}
{%- endmacro %}

{# The masters each incremental fact joins, as queries whose fingerprint decides whether the
   last build's rows still hold (fact_delta_watermark): only the columns the fact reads, and
   of Oracle's cross-reference only the mapping. A model not listed takes its unscoped
   model's masters; a model that reads a line model in the pilot scope adds the scope. #}
{% macro fact_masters(fact) -%}
    {%- set oracle_ids = ['oracle_xref', 'oracle_organizations'] -%}
    {%- set costed_line_masters = ['customer_ids', 'product_ids', 'fx_rates', 'standard_prices'] + oracle_ids -%}
    {%- set cost_to_serve_masters = ['customer_ids', 'product_ids', 'fx_rates', 'standard_prices', 'product_weights',
                                     'carrier_ids', 'customer_countries', 'pilot_scope'] + oracle_ids
                                    + _cost_to_serve_seeds() -%}
    {%- set po_compliance_masters = ['supplier_ids', 'product_ids', 'fx_rates', 'lead_time_outlier_bound',
                                     'dim_contract_items', 'dim_contract_price_tiers',
                                     'sourcing_kpi_parameters'] + oracle_ids -%}
    {%- set names = {
        'fct_pos_sales_lines': ['product_gtins', 'store_customers', 'fx_rates'],
        'fct_freight_charges': ['carrier_ids', 'fx_rates'],
        'fct_shipments': ['carrier_ids', 'customer_ids'],
        'fct_shipment_deliveries': [],
        'fct_delivery_items': ['product_weights'] + oracle_ids,
        'int_sales_order_lines_unscoped': ['customer_ids', 'product_ids', 'fx_rates'] + oracle_ids,
        'int_sales_order_lines_costed': costed_line_masters,
        'int_sales_order_lines_valued': costed_line_masters,
        'int_cts_delivered_lines': costed_line_masters,
        'int_purchase_order_lines_unscoped': ['supplier_ids', 'product_ids', 'fx_rates', 'lead_time_outlier_bound'] + oracle_ids,
        'int_goods_receipts_unscoped': ['product_ids'] + oracle_ids,
        'int_stock_snapshots_unscoped': ['product_ids', 'fx_rates', 'standard_prices'] + oracle_ids,
        'int_cost_to_serve_lines': cost_to_serve_masters,
        'int_shared_overhead_allocations': cost_to_serve_masters,
        'int_freight_charge_allocations': cost_to_serve_masters,
        'int_cts_delivery_items': cost_to_serve_masters,
        'int_sales_order_line_otif': costed_line_masters + ['carrier_ids', 'pilot_scope'],
        'int_product_stock_month': ['product_ids', 'fx_rates', 'standard_prices', 'pilot_scope'] + oracle_ids,
        'int_po_line_contract_compliance': po_compliance_masters,
        'int_po_approval_compliance': po_compliance_masters + ['po_approval_levels', 'pilot_scope'],
        'int_shipment_temperature_compliance': ['product_material_groups', 'temperature_controlled_categories',
                                                'carrier_scorecard_parameters'] + oracle_ids,
    } -%}
    {%- set listed = names.get(fact, names.get(_unscoped_model(fact))) -%}
    {%- if listed is none -%}
        {{ exceptions.raise_compiler_error('fact_masters: no masters listed for ' ~ fact) }}
    {%- endif -%}
    {%- set queries = [] -%}
    {%- for name in listed + (['pilot_scope'] if fact != _unscoped_model(fact) else []) -%}
        {%- do queries.append(_master_query(name)) -%}
    {%- endfor -%}
    {{ return(queries) }}
{%- endmacro %}

{# One master's fingerprinted query (a ref only for the masters a fact names: each is a
   dependency of the fact). #}
{% macro _master_query(name) -%}
    {%- if name == 'fx_rates' -%}
        {{ return('select * from ' ~ ref('dim_fx_rates')) }}
    {%- elif name == 'product_ids' -%}
        {{ return('select product_id from ' ~ ref('dim_product') ~ ' where not is_unknown_member') }}
    {%- elif name == 'product_gtins' -%}
        {{ return('select gtin, product_id from ' ~ ref('dim_product') ~ ' where not is_unknown_member and gtin is not null') }}
    {%- elif name == 'product_weights' -%}
        {{ return('select product_id, gross_weight_kg from ' ~ ref('dim_product') ~ ' where not is_unknown_member') }}
    {%- elif name == 'store_customers' -%}
        {{ return('select store_id, customer_id from ' ~ ref('dim_store') ~ ' where not is_unknown_member') }}
    {%- elif name == 'customer_ids' -%}
        {{ return('select customer_id from ' ~ ref('dim_customer') ~ ' where not is_unknown_member') }}
    {%- elif name == 'supplier_ids' -%}
        {{ return('select supplier_id from ' ~ ref('dim_supplier') ~ ' where not is_unknown_member') }}
    {%- elif name == 'carrier_ids' -%}
        {{ return('select carrier_id from ' ~ ref('dim_carrier') ~ ' where not is_unknown_member') }}
    {%- elif name == 'standard_prices' -%}
        {{ return('select product_id, plant_id, standard_price, price_unit, currency from ' ~ ref('dim_product_plant')) }}
    {%- elif name == 'lead_time_outlier_bound' -%}
        {{ return('select lead_time_outlier_max_days from ' ~ ref('cleansing_parameters')) }}
    {%- elif name == 'oracle_xref' -%}
        {{ return('select object_type, source_surrogate_id, global_id from ' ~ ref('int_master_xref')) }}
    {%- elif name == 'oracle_organizations' -%}
        {{ return('select * from ' ~ ref('oracle_organizations')) }}
    {%- elif name == 'pilot_scope' -%}
        {{ return('select * from ' ~ ref('int_pilot_scope_plants')) }}
    {%- elif name == 'customer_countries' -%}
        {{ return('select customer_id, country from ' ~ ref('dim_customer')) }}
    {%- elif name == 'product_material_groups' -%}
        {{ return('select product_id, material_group from ' ~ ref('dim_product')) }}
    {%- elif name in _cost_to_serve_seeds() + ['temperature_controlled_categories', 'carrier_scorecard_parameters',
                                               'dim_contract_items', 'dim_contract_price_tiers',
                                               'sourcing_kpi_parameters', 'po_approval_levels'] -%}
        {{ return('select * from ' ~ ref(name)) }}
    {%- endif -%}
    {{ exceptions.raise_compiler_error('_master_query: no master named ' ~ name) }}
{%- endmacro %}

{# On an incremental run: {entity: [extract dates to (re)process]} from the ledger, files
   landed after the recorded watermark; none on a full build (every date), and none when the
   table has no watermark (a table built before this rule: every date, the delete+insert then
   rewrites it whole). With `fingerprint_sql` (the masters or seeds the rows also depend on,
   recorded by record_landed_watermark(fingerprint_sql)) also none when those changed since. #}
{% macro new_extract_dates(fingerprint_sql=none) -%}
    {%- set wm = landed_watermark(fingerprint_sql) -%}
    {%- if wm is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set dates = {} -%}
    {%- for entity, extract_date in _extract_dates_landed_after(wm) -%}
        {%- do dates.setdefault(entity, []).append(extract_date) -%}
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

{# `and <column> in (<every date with newly landed files, of any entity>)`, for a model that
   counts per source and extract date from one view over every entity. #}
{% macro and_any_new_extract_dates(dates, extract_date_column='_extract_date') -%}
    {%- if dates is not none -%}
        {%- set any_dates = dates.values() | sum(start=[]) | unique | sort | list -%}
        {{ and_new_extract_dates({'any': any_dates | sort} if any_dates else {}, 'any', extract_date_column) }}
    {%- endif -%}
{%- endmacro %}

{# ---- Cost to serve incremental by order month (issue 15) -------------------------------------
   The cost-to-serve lines (int_cost_to_serve_lines, mart_cost_to_serve_line) are rebuilt per
   line with the fact mechanism above, every line of an order month reopened: the shared
   overhead pools are allocated within an order month (int_shared_overhead_allocations is
   rebuilt per month reopened), order processing within an order (one order date, so one
   month), freight within a shipment. A month (cost_to_serve_months) is reopened by
   - a sales order line of the month reopened as in fct_sales_order_lines (a new version, a
     delivery, an order or goods issue the as-of date now reaches);
   - the as-of date: its month (and the last build's) is charged its shared pools pro rata.
   Freight is split per shipment (int_freight_charge_allocations, rebuilt per shipment
   reopened), so a line whose stored freight, expediting or returns differ from its current
   charge allocations reopens itself only: a late charge, a new shipment version, a delivery
   added to a shipment that also carries lines of other months.
   An accrued line, before or now, reopens itself only (the observed freight rates are a
   trailing window ending on the as-of date; its accrual moves nothing else of its month).
   A changed master or cost-to-serve seed, or an as-of date moved back, rebuilds them. #}

{# The seeds the cost-to-serve lines are computed with (a change rebuilds them). #}
{% macro _cost_to_serve_seeds() -%}
    {{ return(['serving_cost_rates', 'serving_shared_cost_pools', 'serving_charge_type_pools',
               'serving_freight_tariffs', 'serving_freight_accrual_parameters']) }}
{%- endmacro %}

{% macro _cost_to_serve_month_sources(wm) -%}
    {%- set month = "cast(" ~ dbt.date_trunc('month', '%s') ~ " as date)" -%}
    {%- set as_of_months = [month | format('as_of.as_of_date')] -%}
    {%- if wm is not none -%}
        {%- do as_of_months.append(month | format("cast('" ~ wm[3] ~ "' as date)")) -%}
    {%- endif -%}
    {%- set sources = [
        {'from': ref('stg_erp__sales_order_items') ~ ' as lines', 'keys': [month | format('lines.order_date')],
         'rows': [('lines', 'order_date')]},
        {'from': ref('stg_erp__delivery_items') ~ ' as deliveries inner join ' ~ ref('int_sales_order_lines_costed')
            ~ ' as lines on deliveries.sales_order_id = lines.sales_order_id'
            ~ ' and deliveries.sales_order_item = lines.sales_order_item',
         'keys': ['lines.order_month'], 'rows': [('deliveries', 'goods_issue_date')]},
        {'from': _oracle_order_lines(), 'keys': [month | format('headers.order_date')],
         'rows': [('lines', 'actual_ship_date'), ('headers', 'order_date')]},
    ] -%}
    {%- for as_of_month in as_of_months -%}
        {%- do sources.append({'from': ref('int_as_of') ~ ' as as_of', 'keys': [as_of_month], 'rows': []}) -%}
    {%- endfor -%}
    {{ return(sources) }}
{%- endmacro %}

{# The costed delivery items recomputed (int_cts_delivery_items): an item reopened as in
   fct_delivery_items, or issued by the as-of date now, and the items of a sales order line
   reopened as in fct_sales_order_lines (it may have left or entered the cost-to-serve lines). #}
{% macro _costed_item_sources() -%}
    {{ return([
        {'from': ref('stg_erp__delivery_items') ~ ' as items', 'keys': ['items.delivery_id', 'items.delivery_item'],
         'rows': [('items', 'goods_issue_date')]},
        {'from': _oracle_order_lines(), 'keys': ["'ORA-' || lines.fulfill_line_id", "'1'"],
         'rows': [('lines', 'actual_ship_date'), ('headers', 'order_date')]},
        {'from': ref('stg_erp__sales_order_items') ~ ' as lines inner join ' ~ ref('fct_delivery_items')
            ~ ' as delivery_items on delivery_items.sales_order_id = lines.sales_order_id'
            ~ ' and delivery_items.sales_order_item = lines.sales_order_item',
         'keys': ['delivery_items.delivery_id', 'delivery_items.delivery_item'], 'rows': [('lines', 'order_date')]},
    ]) }}
{%- endmacro %}

{# The shipments whose freight is split again (int_freight_charge_allocations): a shipment
   version or a charge of the shipment (also a charge the as-of date now reaches), and a
   shipment carrying a delivery item the costed items recompute: the items it is split over
   may have changed. #}
{% macro _freight_allocation_sources() -%}
    {%- set sources = [
        {'from': ref('stg_tms__shipments') ~ ' as shipments', 'keys': ['shipments.shipment_id'],
         'rows': [('shipments', none)]},
        {'from': ref('stg_tms__freight_charges') ~ ' as charges', 'keys': ['charges.shipment_id'],
         'rows': [('charges', 'invoice_date')]},
    ] -%}
    {%- for item_source in _costed_item_sources() -%}
        {%- do sources.append({
            'from': item_source['from'] ~ ' inner join ' ~ ref('fct_shipment_deliveries')
                ~ ' as shipment_deliveries on shipment_deliveries.delivery_id = ' ~ item_source['keys'][0],
            'keys': ['shipment_deliveries.shipment_id'],
            'rows': item_source['rows'],
        }) -%}
    {%- endfor -%}
    {{ return(sources) }}
{%- endmacro %}

{# The freight, expediting and returns of a sales order line, as int_cost_to_serve_lines
   carries them: its rows of int_freight_charge_allocations summed per cost pool. #}
{% macro line_charge_pool_sums() -%}
    {{ exact_sum("case when cost_pool = 'freight' then allocated_amount_rc else 0.0 end") }} as freight,
    {{ exact_sum("case when cost_pool = 'expediting' then allocated_amount_rc else 0.0 end") }} as expediting,
    {{ exact_sum("case when cost_pool = 'returns' then allocated_amount_rc else 0.0 end") }} as returns
{%- endmacro %}

{# The lines: every line of a reopened month (now or as stored), the accrued lines and the
   lines whose charge allocations changed. #}
{% macro _cost_to_serve_line_sources(wm) -%}
    {#- the months' sources, named when parsing too (dbt sees the models they read) -#}
    {%- set _ = _cost_to_serve_month_sources(wm) -%}
    {%- set sources = [
        {'from': ref('int_freight_accruals') ~ ' as accruals',
         'keys': ['accruals.sales_order_id', 'accruals.sales_order_item'], 'rows': []},
    ] -%}
    {%- set delivered_lines = ref('int_cts_delivered_lines') -%}
    {%- set charge_allocations = ref('int_freight_charge_allocations') -%}
    {%- if wm is not none -%}
        {%- set lines -%}
            (
                select sales_order_id, sales_order_item, order_month from {{ delivered_lines }}
                union all
                select sales_order_id, sales_order_item, order_month from {{ this }}
            )
        {%- endset -%}
        {%- do sources.append({
            'from': lines ~ ' as month_lines',
            'keys': ['month_lines.sales_order_id', 'month_lines.sales_order_item'],
            'rows': [],
            'where': 'month_lines.order_month in (' ~ _fact_delta_keys_query('cost_to_serve_months', wm) ~ ')',
        }) -%}
        {%- do sources.append({'from': this ~ ' as stored',
                               'keys': ['stored.sales_order_id', 'stored.sales_order_item'],
                               'rows': [], 'where': 'stored.is_accrued'}) -%}
        {%- set allocated -%}
            {{ this }} as stored
            left join (
                select
                    sales_order_id,
                    sales_order_item,
                    {{ line_charge_pool_sums() }}
                from {{ charge_allocations }}
                group by sales_order_id, sales_order_item
            ) as allocated
                on stored.sales_order_id = allocated.sales_order_id
                and stored.sales_order_item = allocated.sales_order_item
        {%- endset -%}
        {%- do sources.append({
            'from': allocated,
            'keys': ['stored.sales_order_id', 'stored.sales_order_item'],
            'rows': [],
            'where': 'coalesce(allocated.freight, 0.0) != stored.invoiced_freight'
                ~ ' or coalesce(allocated.expediting, 0.0) != stored.expediting'
                ~ ' or coalesce(allocated.returns, 0.0) != stored.returns',
        }) -%}
    {%- endif -%}
    {{ return(sources) }}
{%- endmacro %}

{# ---- OTIF per sales order line incremental (issue 15) -----------------------------------------
   int_sales_order_line_otif is rebuilt per line with the fact mechanism above. A line's flags
   read the line, its delivery items issued by the as-of date, the shipments carrying their
   deliveries and those shipments' arrivals by the as-of date, so a line is reopened by
   - a change to the line or its deliveries, as in fct_sales_order_lines (a goods issue the
     as-of date now reaches among them);
   - the as-of date reaching its requested date (it becomes due);
   - the as-of date reaching the arrival of a shipment carrying its deliveries;
   - a new version of a shipment that carries, or once carried, one of its deliveries (every
     landed version's deliveries: a delivery the new version no longer carries leaves the
     line's shipments). #}
{% macro _otif_line_sources(wm) -%}
    {%- set line_keys = ['items.sales_order_id', 'items.sales_order_item'] -%}
    {%- set delivery_items = ref('fct_delivery_items') ~ ' as items' -%}
    {%- set versions = ref('base_tms__shipment') -%}
    {%- set sources = fact_delta_sources('int_sales_order_lines_unscoped') -%}
    {%- set valued_lines = ref('int_sales_order_lines_valued') -%}
    {%- set arrivals = ref('fct_shipments') ~ ' as shipments inner join ' ~ ref('fct_shipment_deliveries')
        ~ ' as shipment_deliveries on shipment_deliveries.shipment_id = shipments.shipment_id inner join '
        ~ delivery_items ~ ' on items.delivery_id = shipment_deliveries.delivery_id' -%}
    {%- set as_of = ref('int_as_of') -%}
    {%- set _ = ref('stg_tms__shipments') -%}
    {%- if wm is not none -%}
        {#- the deliveries of every landed version of a shipment with a new version (filtered
            before the arrays are exploded: there are as many versions as raw rows) -#}
        {%- set reopened = _extract_dates_landed_after(wm) | map(attribute=1) | unique | list -%}
        {%- set carried -%}
            (
                select distinct
                    shipment_id,
                    {{ normalize_id('raw_delivery_id') }} as delivery_id
                from (
                    select
                        shipment_id,
                        {{ json_array_explode('deliveries_json') }} as raw_delivery_id
                    from {{ versions }}
                    where deliveries_json is not null and shipment_id in (
                        select shipments.shipment_id from {{ ref('stg_tms__shipments') }} as shipments
                        where {{ _reopens_key('shipments', none, wm, reopened) }}
                    )
                ) as versions
            )
        {%- endset -%}
        {%- set reached = "%s > cast('" ~ wm[3] ~ "' as date) and %s <= as_of.as_of_date" -%}
        {%- do sources.extend([
            {'from': carried ~ ' as carried inner join ' ~ delivery_items ~ ' on items.delivery_id = carried.delivery_id',
             'keys': line_keys, 'rows': []},
            {'from': valued_lines ~ ' as lines cross join ' ~ as_of ~ ' as as_of',
             'keys': ['lines.sales_order_id', 'lines.sales_order_item'], 'rows': [],
             'where': reached | format('lines.requested_date', 'lines.requested_date')},
            {'from': arrivals ~ ' cross join ' ~ as_of ~ ' as as_of',
             'keys': line_keys, 'rows': [],
             'where': reached | format('shipments.delivered_local_date', 'shipments.delivered_local_date')},
        ]) -%}
    {%- endif -%}
    {{ return(sources) }}
{%- endmacro %}

{# The months int_product_stock_month recomputes (a month's figures read every snapshot of
   the month): the months of the snapshots fct_stock_snapshots reopens, and of a snapshot the
   as-of date now reaches. #}
{% macro _stock_month_sources(wm) -%}
    {%- set month = "cast(" ~ dbt.date_trunc('month', '%s') ~ " as date)" -%}
    {%- set sources = _first_key_sources('int_stock_snapshots_unscoped', month) -%}
    {%- set snapshots = ref('fct_stock_snapshots') ~ ' as snapshots cross join ' ~ ref('int_as_of') ~ ' as as_of' -%}
    {%- if wm is not none -%}
        {%- do sources.append({'from': snapshots, 'keys': [month | format('snapshots.snapshot_date')], 'rows': [],
                               'where': "snapshots.snapshot_date > cast('" ~ wm[3] ~ "' as date)"
                                   ~ ' and snapshots.snapshot_date <= as_of.as_of_date'}) -%}
    {%- endif -%}
    {{ return(sources) }}
{%- endmacro %}

{# The sources of `fact` keyed by their first key column only, as `key_format` of it (the
   models keyed by a coarser key: a month of snapshots, a PO of lines). #}
{% macro _first_key_sources(fact, key_format='%s') -%}
    {%- set sources = [] -%}
    {%- for source in fact_delta_sources(fact) -%}
        {%- do sources.append({'from': source['from'], 'keys': [key_format | format(source['keys'][0])],
                               'rows': source['rows']}) -%}
    {%- endfor -%}
    {{ return(sources) }}
{%- endmacro %}

{# The POs int_po_approval_compliance judges again (a PO is judged on all its lines): the POs
   of a line fct_purchase_order_lines reopens, and a PO with a stored line whose supplier or
   product segment is no longer the official one as of the run's as-of date. #}
{% macro _po_approval_sources(wm) -%}
    {%- set sources = _first_key_sources('int_purchase_order_lines_unscoped') -%}
    {%- set official = ref('int_official_segments_as_of') -%}
    {%- if wm is not none -%}
        {%- set segments -%}
            {{ this }} as stored
            left join {{ official }} as supplier_segment
                on supplier_segment.entity_type = 'supplier' and stored.supplier_id = supplier_segment.entity_id
            left join {{ official }} as product_segment
                on product_segment.entity_type = 'product' and stored.product_id = product_segment.entity_id
        {%- endset -%}
        {%- do sources.append({
            'from': segments, 'keys': ['stored.po_number'], 'rows': [],
            'where': "coalesce(supplier_segment.official_segment, 'unassigned') != stored.supplier_segment"
                ~ ' or ' ~ abc_class_of('product_segment.official_segment') ~ ' != stored.product_abc_class',
        }) -%}
    {%- endif -%}
    {{ return(sources) }}
{%- endmacro %}
