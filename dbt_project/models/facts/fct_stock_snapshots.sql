{{ fact_delta_config() }}
{# One row per stock snapshot (date, product, plant) of a plant in the pilot scope:
   int_stock_snapshots_unscoped through the macro in_pilot_scope, incremental like it. #}
{{ in_pilot_scope('int_stock_snapshots_unscoped', 'fct_stock_snapshots') }}
