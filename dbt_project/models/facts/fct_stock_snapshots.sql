{# One row per stock snapshot (date, product, plant) of a plant in the pilot scope:
   int_stock_snapshots_unscoped through the macro in_pilot_scope. #}
{{ in_pilot_scope('int_stock_snapshots_unscoped') }}
