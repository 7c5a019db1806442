{# One row per product x day with demand, up to the as-of date: the product's demand
   basis (seed product_demand_basis by material type: raw and packaging materials are judged
   by consumption, every other product by sales) and its demand quantity that day. Sales
   demand = ordered quantity of sales order lines not rejected, on the order date;
   consumption = net received quantity (signed 101, 102 and 122 movements) of goods receipts,
   on the posting date. Feeds the product XYZ (by ISO week) and the excess-inventory cover
   (by the weeks trailing each stock month). #}
with

products as (
    select
        product_id,
        material_type
    from {{ ref('dim_product') }}
),

demand_bases as (
    select * from {{ ref('product_demand_basis') }}
),

sales_order_days as (
    select * from {{ ref('int_sales_order_lines_day') }}
),

goods_receipts as (
    select * from {{ ref('fct_goods_receipts') }}
),

as_of as (
    select as_of_date from {{ ref('int_as_of') }}
),

product_bases as (
    select
        products.product_id,
        coalesce(demand_bases.demand_basis, 'sales') as demand_basis
    from products
    left join demand_bases
        on upper(products.material_type) = upper(demand_bases.material_type)
),

{# Demand quantities stay exact decimals up to the daily sum: the sales side comes from the
   daily summary of lines not rejected as exact partial sums, which a double in between
   would round. #}
sales_demand as (
    select
        sales_order_days.product_id,
        sales_order_days.order_date as demand_date,
        sales_order_days.ordered_qty as demand_qty
    from sales_order_days
    cross join as_of
    where sales_order_days.order_date <= as_of.as_of_date
),

consumption_demand as (
    select
        goods_receipts.product_id,
        cast(goods_receipts.posting_date as date) as demand_date,
        cast(cast(goods_receipts.quantity as double) as {{ exact_decimal() }}) as demand_qty
    from goods_receipts
    cross join as_of
    where
        goods_receipts.movement_type in ('101', '102', '122')
        and goods_receipts.posting_date <= as_of.as_of_date
),

demand_rows as (
    select
        sales_demand.product_id,
        product_bases.demand_basis,
        sales_demand.demand_date,
        sales_demand.demand_qty
    from sales_demand
    left join product_bases
        on sales_demand.product_id = product_bases.product_id
    where coalesce(product_bases.demand_basis, 'sales') = 'sales'
    union all
    select
        consumption_demand.product_id,
        product_bases.demand_basis,
        consumption_demand.demand_date,
        consumption_demand.demand_qty
    from consumption_demand
    inner join product_bases
        on consumption_demand.product_id = product_bases.product_id
    where product_bases.demand_basis = 'consumption'
),

daily_demand as (
    select
        product_id,
        coalesce(demand_basis, 'sales') as demand_basis,
        demand_date,
        {{ exact_sum("demand_qty") }} as demand_qty
    from demand_rows
    group by product_id, coalesce(demand_basis, 'sales'), demand_date
)

select * from daily_demand
