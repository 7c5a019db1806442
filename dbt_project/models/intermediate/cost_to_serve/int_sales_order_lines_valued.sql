{# One row per sales order line not cancelled: quantities, net value and the standard cost of
   the line's plant at the FX rate of its order date (int_sales_order_lines_costed), the basis
   of cost to serve (delivered lines), OTIF and the policy exceptions. Incremental like it
   (macros/incremental.sql). #}
{{ fact_delta_config() }}
{%- set delta = fact_delta_watermark('int_sales_order_lines_valued') %}
with{{ delta_keys_cte(delta) }}

costed_lines as (
    select * from {{ ref('int_sales_order_lines_costed') }}
    where {{ in_fact_delta('int_sales_order_lines_valued', delta, 'int_sales_order_lines_costed') }}
),

valued_lines as (
    select
        sales_order_id,
        sales_order_item,
        customer_id,
        product_id,
        plant_id,
        channel,
        delivery_priority,
        order_date,
        order_month,
        requested_date,
        ordered_qty,
        delivered_qty,
        is_delivered,
        net_value_rc,
        standard_cost_rc
    from costed_lines
    where not is_cancelled
)

select * from valued_lines
