{# Data tests on the delta (issue 15). A daily run tests, on an incremental model that is a
   table carrying _extract_date (the incremental staging models and facts), only the rows not
   yet validated by that test: rows of an extract dated after the extract date the test last passed through,
   rows loaded after the newest _loaded_at it saw then (a late file for an old date, a late
   version of an old record), and rows without an extract date. Each test keeps its own
   watermark in quality.validated_through (scope 'dbt:<test unique_id>'), recorded by the
   on-run-end hook only when the test passed (or warned): a failed test reads the same rows
   again on the next run. Views, tables without _extract_date and models materialized as
   plain tables are tested whole: a plain table is rebuilt by every run, so none of its rows
   has been validated yet (its old extract dates may have changed with a master or a rule).

   What a test reads is decided by its kind, from dbt's own test metadata:
   - row-level tests (not_null, not_null_columns, accepted_values, relationships) read the
     delta rows; the parent of relationships is its `to` argument, which dbt never wraps:
     always whole. A not_null_columns test keeps one watermark for all its columns;
   - key tests (unique, unique_combination_of_columns, primary_key) read every row, old or
     new, whose key occurs in the delta: a key duplicated across history and delta is caught,
     the old rows are not grouped again. Every delta row is among them, so primary_key's
     not-null part sees the whole delta;
   - any other test (at_most_one_row, tests of other packages) reads the whole table.

   A fact (models/facts, incremental per key: macros/incremental.sql) carries no extract date;
   its rows are recomputed per key. A key test on a fact keeps, as its watermark, the fact's
   own watermark when the test passed (`fact_watermark`, the fact's table comment), and reads
   every row whose key occurs among the rows of the keys the fact has reopened since then: the
   fact's delta keys taken after that watermark, which hold the keys of every fact run since
   (macros/summary_incremental.sql argues the same for the summaries). A fact rebuilt since
   (its masters' fingerprint changed, its as-of date moved back) is tested whole, and so are
   a fact's row-level tests: finding the reopened keys' rows costs them more than reading the
   fact.

   Whole tables everywhere when the var quality_whole_tables is true (the full_rebuild job, a
   run with --as-of, `chainseg check`), and off DuckDB (on Spark the models are plain tables
   rebuilt each run, and the watermark table is not kept there).

   Overrides dbt's get_where_subquery (dbt-core 1.11, macros/materializations/tests/
   where_subquery.sql), which wraps the `model` argument of every generic test; the test's
   `where` config still applies, as in dbt's default. #}

{% macro get_where_subquery(relation) -%}
    {%- set conditions = [] -%}
    {%- set where = config.get('where', '') -%}
    {%- if where -%}
        {%- do conditions.append('(' ~ where ~ ')') -%}
    {%- endif -%}
    {%- set delta = quality_delta_condition(relation) -%}
    {%- if delta -%}
        {%- do conditions.append(delta) -%}
    {%- endif -%}
    {%- if conditions -%}
        {%- set filtered -%}
            (select * from {{ relation }} as quality_tested where {{ conditions | join(' and ') }}) dbt_subquery
        {%- endset -%}
        {%- do return(filtered) -%}
    {%- endif -%}
    {%- do return(relation) -%}
{%- endmacro %}

{# The schema and table of the watermarks (shared with expectations/delta.py). #}
{% macro quality_watermarks() -%}
    {{ return('quality.validated_through') }}
{%- endmacro %}

{% macro quality_delta_enabled() -%}
    {{ return(execute and target.type == 'duckdb' and not var('quality_whole_tables', false)) }}
{%- endmacro %}

{# Tests that judge each row alone, and those that judge keys across rows (their key columns
   from the test's arguments). #}
{% macro quality_row_level_tests() -%}
    {{ return(['not_null', 'not_null_columns', 'accepted_values', 'relationships']) }}
{%- endmacro %}

{% macro quality_key_columns(test) -%}
    {%- if test.name == 'unique' -%}
        {{ return([test.kwargs.column_name]) }}
    {%- elif test.name == 'unique_combination_of_columns' -%}
        {{ return(test.kwargs.combination_of_columns) }}
    {%- elif test.name == 'primary_key' -%}
        {{ return(test.kwargs.columns) }}
    {%- endif -%}
    {{ return(none) }}
{%- endmacro %}

{# The condition on `quality_tested` (the tested relation) restricting this test to its delta,
   or none: test the whole table. `model` is the test node here. #}
{% macro quality_delta_condition(relation) -%}
    {%- if not quality_delta_enabled() or model.resource_type != 'test' -%}
        {{ return(none) }}
    {%- endif -%}
    {%- if not quality_kept_rows(model.attached_node) -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set test = model.test_metadata -%}
    {%- if not test or test.get('namespace') -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set keys = quality_key_columns(test) -%}
    {%- if keys is none and test.name not in quality_row_level_tests() -%}
        {{ return(none) }}
    {%- endif -%}
    {#- a fact's key tests read its reopened keys; its row-level tests, cheaper than finding
        those keys' rows, read it whole -#}
    {%- set fact = relation.identifier if keys is not none and quality_delta_fact(relation.identifier) else none -%}
    {%- if fact is none -%}
        {%- set watermark = quality_test_watermark(relation, model.unique_id) -%}
    {%- else -%}
        {%- set watermark = quality_fact_test_watermark(relation, model.unique_id) -%}
    {%- endif -%}
    {%- if watermark is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- if keys is none -%}
        {{ return(_quality_delta_rows_of(fact, watermark, 'quality_tested')) }}
    {%- endif -%}
    {%- set matches = [] -%}
    {%- for key in keys -%}
        {%- do matches.append('quality_delta.' ~ key ~ ' is not distinct from quality_tested.' ~ key) -%}
    {%- endfor -%}
    {%- set condition -%}
        exists (
            select 1 from {{ relation }} as quality_delta
            where {{ _quality_delta_rows_of(fact, watermark, 'quality_delta') }} and {{ matches | join(' and ') }}
        )
    {%- endset -%}
    {{ return(condition) }}
{%- endmacro %}

{# Whether `name` is a fact tested on its delta keys: a fact (fct_*) recomputed per key. #}
{% macro quality_delta_fact(name) -%}
    {{ return(name.startswith('fct_') and _unscoped_model(name) in fact_delta_models()) }}
{%- endmacro %}

{# The fact watermark test `unique_id` recorded when it last passed on fact `relation`
   ([loaded_at, extract date, fingerprint, as-of date]), or none when the test must read the
   whole fact: it never passed, or the fact was rebuilt since (another masters' fingerprint,
   an earlier as-of date) or records no watermark. #}
{% macro quality_fact_test_watermark(relation, unique_id) -%}
    {%- set rows = run_query(
        'select fact_watermark from ' ~ quality_watermarks() ~ " where scope = 'dbt:" ~ unique_id ~ "'"
    ).rows -%}
    {{ return(fact_watermark_read(rows[0][0] if rows | length > 0 else none, _table_comment(relation))) }}
{%- endmacro %}

{# The rows of `alias` not yet validated: of a fact's keys reopened since the fact watermark,
   or else of the extracts after the watermark. #}
{% macro _quality_delta_rows_of(fact, watermark, alias) -%}
    {{ return(quality_delta_rows(alias, watermark) if fact is none else quality_fact_delta_rows(fact, watermark, alias)) }}
{%- endmacro %}

{# The rows of `alias` (of fact `fact`) whose key the fact reopened after its watermark `wm`. #}
{% macro quality_fact_delta_rows(fact, wm, alias) -%}
    {%- set matches = [] -%}
    {%- for key in fact_key_columns(fact) -%}
        {%- do matches.append('quality_fact_keys.' ~ key ~ ' is not distinct from ' ~ alias ~ '.' ~ key) -%}
    {%- endfor -%}
    {%- set condition -%}
        exists (
            select 1 from ({{ _fact_delta_keys_query(fact, wm) }}) as quality_fact_keys
            where {{ matches | join(' and ') }}
        )
    {%- endset -%}
    {{ return(condition) }}
{%- endmacro %}

{# Whether the model `unique_id` keeps its rows from one run to the next (incremental). #}
{% macro quality_kept_rows(unique_id) -%}
    {%- set node = graph.nodes.get(unique_id) if unique_id else none -%}
    {{ return(node is not none and node.config.materialized == 'incremental') }}
{%- endmacro %}

{# The rows of `alias` not yet validated as of `watermark` [extract date, loaded_at or none]. #}
{% macro quality_delta_rows(alias, watermark) -%}
    {%- set loaded = ' or ' ~ alias ~ "._loaded_at > cast('" ~ watermark[1] ~ "' as timestamp)" if watermark[1] is not none else '' -%}
    {{ return('(' ~ alias ~ '._extract_date is null or ' ~ alias ~ "._extract_date > cast('" ~ watermark[0] ~ "' as date)" ~ loaded ~ ')') }}
{%- endmacro %}

{# [validated-through extract date, loaded-through timestamp or none] of test `unique_id` on
   `relation`, or none: the relation is not a table with _extract_date, or the test has never
   passed on it. #}
{% macro quality_test_watermark(relation, unique_id) -%}
    {%- set sql -%}
        select
            cast(watermark.validated_through as varchar),
            cast(watermark.loaded_through as varchar)
        from information_schema.columns as extract_column
        inner join information_schema.tables as tested
            on
                extract_column.table_catalog = tested.table_catalog
                and extract_column.table_schema = tested.table_schema
                and extract_column.table_name = tested.table_name
        inner join {{ quality_watermarks() }} as watermark
            on watermark.scope = 'dbt:{{ unique_id }}'
        where
            tested.table_catalog = '{{ relation.database }}'
            and tested.table_schema = '{{ relation.schema }}'
            and tested.table_name = '{{ relation.identifier }}'
            and tested.table_type = 'BASE TABLE'
            and extract_column.column_name = '_extract_date'
            and watermark.validated_through is not null
    {%- endset -%}
    {%- set rows = run_query(sql).rows -%}
    {%- if rows | length == 0 -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return([rows[0][0], rows[0][1]]) }}
{%- endmacro %}

{# on-run-start: the watermark table, created here only (expectations/delta.py reads and writes
   its rows for the GX suites). #}
{% macro create_quality_watermarks() -%}
    {%- if execute and target.type == 'duckdb' -%}
        {%- do run_query('create schema if not exists quality') -%}
        {%- do run_query(
            'create table if not exists ' ~ quality_watermarks()
            ~ ' (scope varchar, validated_through date, loaded_through timestamp, recorded_at timestamp,'
            ~ ' fact_watermark varchar)'
        ) -%}
        {#- a warehouse from before tests on facts read their delta -#}
        {%- do run_query('alter table ' ~ quality_watermarks() ~ ' add column if not exists fact_watermark varchar') -%}
    {%- endif -%}
{%- endmacro %}

{# on-run-end: for every test that passed or warned on an incremental table carrying
   _extract_date, its watermark becomes the newest extract date and _loaded_at of that table,
   and on a fact the fact's watermark (its table comment) besides (the table cannot change
   between its tests and the end of this invocation). Failed, errored and skipped tests keep
   theirs. Whole-table runs record too: they validated everything. #}
{% macro record_validated_tests(results) -%}
    {%- if execute and target.type == 'duckdb' -%}
        {%- set passed = {} -%}
        {%- for result in results
            if result.node.resource_type == 'test' and result.status in ['pass', 'warn']
            and result.node.attached_node -%}
            {%- do passed.setdefault(result.node.attached_node, []).append(result.node.unique_id) -%}
        {%- endfor -%}
        {%- for model_id, tests in passed.items() if quality_kept_rows(model_id) -%}
            {%- set node = graph.nodes[model_id] -%}
            {%- set relation = adapter.get_relation(node.database, node.schema, node.alias or node.name) -%}
            {%- if relation is not none and relation.is_table -%}
                {%- set scopes = [] -%}
                {%- for test in tests -%}
                    {%- do scopes.append("('dbt:" ~ test ~ "')") -%}
                {%- endfor -%}
                {%- set columns = adapter.get_columns_in_relation(relation) | map(attribute='name') | list -%}
                {%- if quality_delta_fact(node.name) -%}
                    {%- set comment = _table_comment(relation) -%}
                    {%- set through -%}
                        select cast(null as date) as validated_through, cast(null as timestamp) as loaded_through,
                            '{{ (comment or '') | replace("'", "''") }}' as fact_watermark
                        where {{ comment is not none and comment.startswith(_watermark_prefix()) }}
                    {%- endset -%}
                {%- elif '_extract_date' in columns -%}
                    {%- set through -%}
                        select * from (
                            select
                                max(_extract_date) as validated_through,
                                {{ 'max(_loaded_at)' if '_loaded_at' in columns else 'cast(null as timestamp)' }} as loaded_through,
                                cast(null as varchar) as fact_watermark
                            from {{ relation }}
                        ) as m
                        where validated_through is not null
                    {%- endset -%}
                {%- else -%}
                    {%- set through = none -%}
                {%- endif -%}
                {%- if through is not none -%}
                    {%- call statement('record_validated_' ~ loop.index) -%}
                        delete from {{ quality_watermarks() }}
                        where scope in (select scope from (values {{ scopes | join(', ') }}) as s (scope));
                        insert into {{ quality_watermarks() }}
                            (scope, validated_through, loaded_through, recorded_at, fact_watermark)
                        select s.scope, m.validated_through, m.loaded_through, current_timestamp, m.fact_watermark
                        from (values {{ scopes | join(', ') }}) as s (scope)
                        cross join ({{ through }}) as m
                    {%- endcall -%}
                {%- endif -%}
            {%- endif -%}
        {%- endfor -%}
        {%- do adapter.commit() -%}
    {%- endif -%}
{%- endmacro %}
