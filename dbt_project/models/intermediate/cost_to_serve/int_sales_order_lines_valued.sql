{# One row per sales order line not cancelled: quantities, net value and the current standard
   cost of the line's plant (the product's mean over its plants when that plant has none), the
   basis of cost to serve (delivered lines) and of the stockout cost (short lines). #}
with

sales_order_lines as (
    select * from {{ ref('fct_sales_order_lines') }}
),

product_plants as (
    select * from {{ ref('dim_product_plant') }}
),

product_standard_costs as (
    select
        product_id,
        avg(cast(standard_cost_rc as double)) as mean_standard_cost_rc
    from product_plants
    group by product_id
),

valued_lines as (
    select
        sales_order_lines.sales_order_id,
        sales_order_lines.sales_order_item,
        sales_order_lines.customer_id,
        sales_order_lines.product_id,
        sales_order_lines.plant_id,
        sales_order_lines.channel,
        sales_order_lines.delivery_priority,
        sales_order_lines.order_date,
        cast({{ dbt.date_trunc('month', 'sales_order_lines.order_date') }} as date) as order_month,
        sales_order_lines.requested_date,
        cast(sales_order_lines.ordered_qty as double) as ordered_qty,
        coalesce(cast(sales_order_lines.delivered_qty as double), 0.0) as delivered_qty,
        coalesce(sales_order_lines.is_delivered, false) as is_delivered,
        cast(sales_order_lines.net_value_rc as double) as net_value_rc,
        coalesce(
            cast(product_plants.standard_cost_rc as double),
            product_standard_costs.mean_standard_cost_rc
        ) as standard_cost_rc
    from sales_order_lines
    left join product_plants
        on
            sales_order_lines.product_id = product_plants.product_id
            and sales_order_lines.plant_id = product_plants.plant_id
    left join product_standard_costs
        on sales_order_lines.product_id = product_standard_costs.product_id
    where not sales_order_lines.is_cancelled
)

select * from valued_lines
