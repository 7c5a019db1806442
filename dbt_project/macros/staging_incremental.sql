{# Incremental staging models whose rows keep only part of the load metadata (issue 15): they
   carry _extract_date, _source_file and _row_number (CR05 ranks on them) but not _loaded_at,
   so the delta cannot be found from the table's own rows as as_of_incremental_rows() does.
   Such a model records, as a post-hook, the ledger watermark of what it has processed
   (record_landed_watermark; its config is extract_date_delta_config, macros/incremental.sql),
   and its next run reads the rows loaded after that, or of an extract dated after it: the
   same rule as as_of_incremental_rows(). A failed run records nothing, so the next one reads
   the same rows again; delete+insert with latest_versions() makes that harmless. On Spark
   these models are plain tables (extract_date_incremental_materialization) and the hooks do
   nothing. #}

{# Rows of a delta: those landed after the watermark this model recorded (landed_watermark,
   macros/incremental.sql); every row when it must be rebuilt: it recorded none (a table built
   before this rule) or, for a model whose rows also depend on a seed or master
   (`fingerprint_sql`, queries as for record_landed_watermark), that changed since: its old
   rows must be redone too. #}
{% macro landed_after_watermark(fingerprint_sql=none, loaded_at_column='_loaded_at', extract_date_column='_extract_date') -%}
    {%- set wm = landed_watermark(fingerprint_sql) -%}
    {%- if wm is none -%}
        true
    {%- else -%}
        {{ landed_after(wm, loaded_at_column, extract_date_column) }}
    {%- endif -%}
{%- endmacro %}

{# Pre-hook of a model whose rows per key are many (an exploded array): on an incremental run,
   delete the rows of every key the delta `changed_keys_sql` (a query of the key columns)
   holds, so a key whose new version has fewer rows, or none, keeps no stale row;
   delete+insert alone replaces only the keys the model inserts. #}
{% macro delete_rows_of_changed_keys(changed_keys_sql, key_columns) -%}
    {%- if execute and this is not none and is_incremental() %}
    delete from {{ this }}
    where exists (
        select 1 from ({{ changed_keys_sql }}) as changed
        where
            {%- for key in key_columns %}
            {{ 'and ' if not loop.first }}changed.{{ key }} = {{ this }}.{{ key }}
            {%- endfor %}
    )
    {%- endif -%}
{%- endmacro %}

{# The seed stg_iot__shipment_readings flags readings by (CR09 plausible range), as
   fingerprint queries: a change re-flags every stored reading. #}
{% macro plausibility_parameters() -%}
    {{ return(['select * from ' ~ ref('carrier_scorecard_parameters')]) }}
{%- endmacro %}

{# The shipments of stg_tms__shipments whose kept version was landed after the watermark of
   stg_tms__shipment_deliveries (the model calling it): the ones to explode again. #}
{% macro changed_shipments() -%}
    select * from {{ ref('stg_tms__shipments') }}
    where {{ landed_after_watermark() }}
{%- endmacro %}
