{# One row per sales order line, cancelled (rejected) lines included and flagged: quantities,
   net value and the standard cost per base unit of the line's plant (the product's mean over
   its plants when that plant has none), converted to the reporting currency at the FX rate
   valid on the order date - the rate its revenue is converted at - not at the as-of date's.
   int_sales_order_lines_valued keeps the lines not cancelled; the stockout cost also reads
   the cancelled ones (lost sales). Incremental like fct_sales_order_lines
   (macros/incremental.sql): the lines it reopens, unless a master the costs read changed. #}
{{ fact_delta_config() }}
{%- set delta = fact_delta_watermark('int_sales_order_lines_costed') %}
with{{ delta_keys_cte(delta) }}

sales_order_lines as (
    select * from {{ ref('fct_sales_order_lines') }}
    where {{ in_fact_delta('int_sales_order_lines_costed', delta, 'fct_sales_order_lines') }}
),

product_plants as (
    select * from {{ ref('dim_product_plant') }}
),

{# Each plant's standard cost at the rate valid on the line's order date: STPRS / PEINH in the
   plant's currency times that day's rate. #}
line_plant_costs as (
    select
        sales_order_lines.sales_order_id,
        sales_order_lines.sales_order_item,
        product_plants.plant_id,
        cast(product_plants.standard_price as double)
        / nullif(cast(product_plants.price_unit as double), 0)
        * fx.rate as standard_cost_rc
    from sales_order_lines
    inner join product_plants
        on sales_order_lines.product_id = product_plants.product_id
    {{ fx_rate_join('fx', 'product_plants.currency', 'sales_order_lines.order_date') }}
),

line_costs as (
    select
        line_plant_costs.sales_order_id,
        line_plant_costs.sales_order_item,
        max(
            case
                when line_plant_costs.plant_id = sales_order_lines.plant_id
                    then line_plant_costs.standard_cost_rc
            end
        ) as plant_standard_cost_rc,
        {{ exact_avg("line_plant_costs.standard_cost_rc") }} as mean_standard_cost_rc
    from line_plant_costs
    inner join sales_order_lines
        on
            line_plant_costs.sales_order_id = sales_order_lines.sales_order_id
            and line_plant_costs.sales_order_item = sales_order_lines.sales_order_item
    group by line_plant_costs.sales_order_id, line_plant_costs.sales_order_item
),

costed_lines as (
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
        coalesce(sales_order_lines.is_cancelled, false) as is_cancelled,
        cast(sales_order_lines.net_value_rc as double) as net_value_rc,
        coalesce(line_costs.plant_standard_cost_rc, line_costs.mean_standard_cost_rc)
            as standard_cost_rc
    from sales_order_lines
    left join line_costs
        on
            sales_order_lines.sales_order_id = line_costs.sales_order_id
            and sales_order_lines.sales_order_item = line_costs.sales_order_item
)

select * from costed_lines
