{{ fact_delta_config() }}
{# One row per sales order line of a plant in the pilot scope: int_sales_order_lines_unscoped through
   the macro in_pilot_scope, incremental like it. #}
{{ in_pilot_scope('int_sales_order_lines_unscoped', 'fct_sales_order_lines') }}
