{{
    config(
        materialized=extract_date_incremental_materialization(),
        incremental_strategy='append',
        on_schema_change='fail',
        full_refresh=as_of_full_refresh(),
        pre_hook="{{ delete_fact_delta('fct_purchase_order_lines') }}",
        post_hook="{{ record_landed_watermark(fact_masters('fct_purchase_order_lines')) }}",
    )
}}
{# One row per PO line of a plant in the pilot scope: int_purchase_order_lines_unscoped through
   the macro in_pilot_scope, incremental like it. #}
{{ in_pilot_scope('int_purchase_order_lines_unscoped', 'fct_purchase_order_lines') }}
