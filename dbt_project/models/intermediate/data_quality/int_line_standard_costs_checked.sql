{# FV01: one row per check and extract date of erp/sales_order_item: delivered sales order
   lines (not cancelled: the cost-to-serve lines) that carry no standard cost - on the UNKNOWN
   product (unknown_product) or on a known product without a standard cost at its plant nor at
   any other plant (no_standard_cost), the same fallback cost to serve applies. Their COGS is
   0 in the cost-to-serve marts; this count makes that gap visible. The extract date is the
   line's latest extract. (Built from the facts and master data, so it runs in the first step
   with the other data-quality counts.) #}
with

sales_order_lines as (
    select * from {{ ref('fct_sales_order_lines') }}
    where coalesce(is_delivered, false) and not is_cancelled
),

product_plants as (
    select * from {{ ref('dim_product_plant') }}
),

costed_products as (
    select product_id
    from product_plants
    where standard_cost_rc is not null
    group by product_id
),

sales_order_items as (
    select * from {{ ref('stg_erp__sales_order_items') }}
),

lines_checked as (
    select
        sales_order_items._extract_date as extract_date,
        case
            when sales_order_lines.product_id = 'UNKNOWN' then 'unknown_product'
            when
                product_plants.standard_cost_rc is null and costed_products.product_id is null
                then 'no_standard_cost'
        end as standard_cost_gap
    from sales_order_lines
    inner join sales_order_items
        on
            sales_order_lines.sales_order_id = sales_order_items.sales_order_id
            and sales_order_lines.sales_order_item = sales_order_items.sales_order_item
    left join product_plants
        on
            sales_order_lines.product_id = product_plants.product_id
            and sales_order_lines.plant_id = product_plants.plant_id
    left join costed_products
        on sales_order_lines.product_id = costed_products.product_id
),

counted as (
    {{ count_rule_checks(
        'FV01', 'lines_checked',
        source="'erp/sales_order_item'",
        extract_date='extract_date',
        failure='standard_cost_gap',
    ) }}
)

select * from counted
