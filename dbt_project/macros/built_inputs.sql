{# on-run-start: the table of what each model and seed was built from (orchestration/unchanged.py
   reads it to leave a daily run's unchanged nodes out, and records its rows once a node is
   built and tested), created here only; and the rows of every node this invocation selects
   forgotten before any is built, whoever runs it (a pipeline step, a what-if, a run as of a
   date, a bare dbt call). A node built by anything but a plain daily step therefore has no
   row, and the next daily run builds it again. DuckDB only. #}
{% macro forget_built_inputs() -%}
    {%- if execute and target.type == 'duckdb' -%}
        {%- set table = '_chainseg.built_inputs' -%}
        {%- do run_query('create schema if not exists _chainseg') -%}
        {%- do run_query(
            'create table if not exists ' ~ table
            ~ ' (unique_id varchar primary key, fingerprint varchar not null, recorded_at timestamp not null)'
        ) -%}
        {%- set built = [] -%}
        {%- for unique_id in selected_resources if unique_id.split('.')[0] in ['model', 'seed'] -%}
            {%- do built.append("'" ~ unique_id ~ "'") -%}
        {%- endfor -%}
        {%- if built -%}
            {%- do run_query('delete from ' ~ table ~ ' where unique_id in (' ~ built | join(', ') ~ ')') -%}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}
