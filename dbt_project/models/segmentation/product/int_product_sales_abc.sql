{# Product ABC: trailing-12-month value per product of the master, ranked by value descending
   with ties by product id (text, ascending); "share before" = the value of the products
   ranked above over the total. The value is net sales; for raw and packaging materials
   (demand basis consumption, seed product_demand_basis), which are bought and not sold, it
   is their purchase value (PO lines not deleted), and they are ranked among themselves.
   Products without value in the window are C. #}
with

products as (
    select
        product_id,
        material_type
    from {{ ref('dim_product') }}
    where not is_unknown_member
),

demand_bases as (
    select * from {{ ref('product_demand_basis') }}
),

sales_order_days as (
    select * from {{ ref('int_sales_order_lines_day') }}
),

purchase_order_lines as (
    select * from {{ ref('fct_purchase_order_lines') }}
),

trailing_window as (
    select * from {{ ref('int_trailing_window') }}
),

thresholds as (
    select * from {{ ref('product_segmentation_thresholds') }}
),

product_bases as (
    select
        products.product_id,
        coalesce(demand_bases.demand_basis, 'sales') as demand_basis
    from products
    left join demand_bases
        on upper(products.material_type) = upper(demand_bases.material_type)
),

{# Trailing 12 months = the window of int_trailing_window, both ends included; rejected
   lines count nowhere (the daily summary holds the others); the line's order date decides
   its window. #}
sales_in_window as (
    select
        sales_order_days.product_id,
        {{ exact_sum("sales_order_days.net_value_rc") }} as sales_value_12m,
        cast(sum(sales_order_days.line_count) as bigint) as sales_lines_12m  -- exact: integer
    from sales_order_days
    cross join trailing_window
    where
        sales_order_days.order_date <= trailing_window.as_of_date
        and sales_order_days.order_date >= trailing_window.trailing_12m_start_date
    group by sales_order_days.product_id
),

{# Deleted PO lines count nowhere; the PO date decides the window (as for supplier spend). #}
purchases_in_window as (
    select
        purchase_order_lines.product_id,
        {{ exact_sum("cast(purchase_order_lines.po_value_rc as double)") }} as purchase_value_12m
    from purchase_order_lines
    cross join trailing_window
    where
        not purchase_order_lines.is_deleted
        and purchase_order_lines.po_date <= trailing_window.as_of_date
        and purchase_order_lines.po_date >= trailing_window.trailing_12m_start_date
    group by purchase_order_lines.product_id
),

{# Only products with value are ranked; the unknown member (orphan materials) is no product
   of the master and takes no share. #}
products_with_value as (
    select
        product_bases.product_id,
        product_bases.demand_basis,
        coalesce(sales_in_window.sales_value_12m, 0) as sales_value_12m,
        coalesce(sales_in_window.sales_lines_12m, 0) as sales_lines_12m,
        case
            when product_bases.demand_basis = 'consumption'
                then purchases_in_window.purchase_value_12m
            else sales_in_window.sales_value_12m
        end as abc_value_12m
    from product_bases
    left join sales_in_window
        on product_bases.product_id = sales_in_window.product_id
    left join purchases_in_window
        on product_bases.product_id = purchases_in_window.product_id
    where
        (product_bases.demand_basis = 'consumption' and purchases_in_window.product_id is not null)
        or (product_bases.demand_basis <> 'consumption' and sales_in_window.product_id is not null)
),

ranked as (
    select
        product_id,
        demand_basis,
        sales_value_12m,
        sales_lines_12m,
        abc_value_12m,
        {{ abc_rank('abc_value_12m', 'product_id', 'demand_basis') }} as sales_rank,
        {{ abc_value_before('abc_value_12m', 'product_id', 'demand_basis') }} as sales_value_before,
        {{ exact_window_sum("abc_value_12m", "over (partition by demand_basis)") }} as total_sales_value_12m
    from products_with_value
),

classified as (
    select
        product_bases.product_id,
        product_bases.demand_basis,
        coalesce(ranked.sales_value_12m, 0) as sales_value_12m,
        coalesce(ranked.sales_lines_12m, 0) as sales_lines_12m,
        coalesce(ranked.abc_value_12m, 0) as abc_value_12m,
        ranked.sales_rank,
        case
            when ranked.total_sales_value_12m > 0
                then ranked.sales_value_before / ranked.total_sales_value_12m
        end as sales_share_before,
        case
            when ranked.total_sales_value_12m > 0
                then
                    (ranked.sales_value_before + ranked.abc_value_12m)
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
    from product_bases
    cross join thresholds
    left join ranked
        on product_bases.product_id = ranked.product_id
)

select * from classified
