{{
    config(
        materialized=extract_date_incremental_materialization(),
        incremental_strategy='append',
        on_schema_change='fail',
        full_refresh=as_of_full_refresh(),
        pre_hook="{{ delete_fact_delta('fct_stock_snapshots') }}",
        post_hook="{{ record_landed_watermark(fact_masters('fct_stock_snapshots')) }}",
    )
}}
{# One row per stock snapshot (date, product, plant) of a plant in the pilot scope:
   int_stock_snapshots_unscoped through the macro in_pilot_scope, incremental like it. #}
{{ in_pilot_scope('int_stock_snapshots_unscoped', 'fct_stock_snapshots') }}
