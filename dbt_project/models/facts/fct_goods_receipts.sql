{# One row per goods receipt line of a plant in the pilot scope: int_goods_receipts_unscoped through
   the macro in_pilot_scope. #}
{{ in_pilot_scope('int_goods_receipts_unscoped') }}
