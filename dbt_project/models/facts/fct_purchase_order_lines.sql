{# One row per PO line of a plant in the pilot scope: int_purchase_order_lines_unscoped through
   the macro in_pilot_scope. #}
{{ in_pilot_scope('int_purchase_order_lines_unscoped') }}
