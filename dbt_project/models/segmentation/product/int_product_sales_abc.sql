{# Product ABC: trailing-12-month net sales value per product of the master, ranked by value
   descending with ties by product id (text, ascending); "share before" = the value of the
   products ranked above over the total. Products without sales in the window are C. #}
with

products as (
    select product_id from {{ ref('dim_product') }}
    where not is_unknown_member
),

sales_order_lines as (
    select * from {{ ref('fct_sales_order_lines') }}
),

trailing_window as (
    select * from {{ ref('int_trailing_window') }}
),

thresholds as (
    select * from {{ ref('product_segmentation_thresholds') }}
),

{# Trailing 12 months = the window of int_trailing_window, both ends included; rejected
   lines count nowhere; the line's order date decides its window. #}
sales_in_window as (
    select
        sales_order_lines.product_id,
        sum(cast(sales_order_lines.net_value_rc as double)) as sales_value_12m,
        count(*) as sales_lines_12m
    from sales_order_lines
    cross join trailing_window
    where
        not sales_order_lines.is_cancelled
        and sales_order_lines.order_date <= trailing_window.as_of_date
        and sales_order_lines.order_date >= trailing_window.trailing_12m_start_date
    group by sales_order_lines.product_id
),

{# Only products with sales are ranked; the unknown member (orphan materials) is no product
   of the master and takes no share. #}
products_with_sales as (
    select
        products.product_id,
        sales_in_window.sales_value_12m,
        sales_in_window.sales_lines_12m
    from products
    inner join sales_in_window
        on products.product_id = sales_in_window.product_id
),

ranked as (
    select
        product_id,
        sales_value_12m,
        sales_lines_12m,
        {{ abc_rank('sales_value_12m', 'product_id') }} as sales_rank,
        {{ abc_value_before('sales_value_12m', 'product_id') }} as sales_value_before,
        sum(sales_value_12m) over () as total_sales_value_12m
    from products_with_sales
),

classified as (
    select
        products.product_id,
        coalesce(ranked.sales_value_12m, 0) as sales_value_12m,
        coalesce(ranked.sales_lines_12m, 0) as sales_lines_12m,
        ranked.sales_rank,
        case
            when ranked.total_sales_value_12m > 0
                then ranked.sales_value_before / ranked.total_sales_value_12m
        end as sales_share_before,
        case
            when ranked.total_sales_value_12m > 0
                then
                    (ranked.sales_value_before + ranked.sales_value_12m)
                    / ranked.total_sales_value_12m
        end as sales_cumulative_share,
        case
            when ranked.product_id is null or not ranked.total_sales_value_12m > 0 then 'C'
            else
                {{ abc_class(
                    'ranked.sales_value_before / ranked.total_sales_value_12m',
                    'thresholds.abc_a_max_share_before',
                    'thresholds.abc_b_max_share_before',
                ) }}
        end as abc_class
    from products
    cross join thresholds
    left join ranked
        on products.product_id = ranked.product_id
)

select * from classified
