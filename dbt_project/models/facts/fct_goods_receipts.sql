{{
    config(
        materialized=extract_date_incremental_materialization(),
        incremental_strategy='append',
        on_schema_change='fail',
        full_refresh=as_of_full_refresh(),
        pre_hook="{{ delete_fact_delta('fct_goods_receipts') }}",
        post_hook="{{ record_landed_watermark(fact_masters('fct_goods_receipts')) }}",
    )
}}
{# One row per goods receipt line of a plant in the pilot scope: int_goods_receipts_unscoped through
   the macro in_pilot_scope, incremental like it. #}
{{ in_pilot_scope('int_goods_receipts_unscoped', 'fct_goods_receipts') }}
