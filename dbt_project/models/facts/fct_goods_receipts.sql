{{ fact_delta_config() }}
{# One row per goods receipt line of a plant in the pilot scope: int_goods_receipts_unscoped through
   the macro in_pilot_scope, incremental like it. #}
{{ in_pilot_scope('int_goods_receipts_unscoped', 'fct_goods_receipts') }}
