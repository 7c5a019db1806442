{# on-run-start: drop what a killed dbt step left half-swapped. dbt builds a table or view as
   <model>__dbt_tmp, renames the one in place to <model>__dbt_backup, renames the new one in
   and drops the backup; a step killed in between leaves either behind (the kill suite found a
   mart_data_quality__dbt_backup: the data-ownership suite then saw a table nobody owns and
   blocked every later run). The writer lock admits one dbt step at a time, so such a relation
   found at the start of a step is a dead step's: dropped, its model is built again by its own
   step. DuckDB only: a Spark build starts from an empty catalog. #}
{% macro drop_leftover_swap_relations() -%}
    {%- if execute and target.type == 'duckdb' -%}
        {%- set leftover -%}
            (suffix(name, '__dbt_tmp') or suffix(name, '__dbt_backup'))
        {%- endset -%}
        {%- set found = run_query(
            "select 'table', schema_name, table_name as name from duckdb_tables()"
            ~ " where database_name = current_database() and not temporary and " ~ leftover
            ~ " union all select 'view', schema_name, view_name as name from duckdb_views()"
            ~ " where database_name = current_database() and not temporary and " ~ leftover
            ~ " order by 2, 3"
        ) -%}
        {%- for kind, schema, name in found.rows -%}
            {%- do log('dropping ' ~ schema ~ '.' ~ name ~ ', left by a dbt step that did not finish', info=true) -%}
            {%- do run_query('drop ' ~ kind ~ ' if exists "' ~ schema ~ '"."' ~ name ~ '"') -%}
        {%- endfor -%}
    {%- endif -%}
{%- endmacro %}
