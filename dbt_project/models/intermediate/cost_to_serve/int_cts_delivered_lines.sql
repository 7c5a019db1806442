{# The cost-to-serve population: sales order lines not cancelled and delivered (goods issue on
   or before the as-of date), with what is invoiced - the net value prorated to the delivered
   share, never above the order - and COGS at standard cost. Every allocation of this folder
   lands on exactly these lines. Incremental like int_sales_order_lines_valued
   (macros/incremental.sql). #}
{{ fact_delta_config() }}
{%- set delta = fact_delta_watermark('int_cts_delivered_lines') %}
with{{ delta_keys_cte(delta) }}

valued_lines as (
    select * from {{ ref('int_sales_order_lines_valued') }}
    where {{ in_fact_delta('int_cts_delivered_lines', delta, 'int_sales_order_lines_valued') }}
),

delivered_lines as (
    select
        sales_order_id,
        sales_order_item,
        customer_id,
        product_id,
        plant_id,
        channel,
        order_date,
        order_month,
        ordered_qty,
        delivered_qty,
        net_value_rc,
        standard_cost_rc,
        case
            when ordered_qty > 0
                then net_value_rc * least(delivered_qty, ordered_qty) / ordered_qty
            else 0.0
        end as revenue,
        delivered_qty * coalesce(standard_cost_rc, 0.0) as cogs,
        standard_cost_rc is not null as has_standard_cost
    from valued_lines
    where is_delivered
)

select * from delivered_lines
