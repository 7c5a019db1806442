{# FV01: one row per check and extract date of erp/sales_order_item: delivered sales order
   lines (the cost-to-serve lines) that carry no standard cost - on the UNKNOWN product
   (unknown_product) or on a known product without a standard cost at its plant
   (no_standard_cost). Their COGS is 0 in the cost-to-serve marts; this count makes that gap
   visible. The extract date is the line's latest extract. #}
with

cost_to_serve_lines as (
    select * from {{ ref('int_cost_to_serve_lines') }}
),

sales_order_items as (
    select * from {{ ref('stg_erp__sales_order_items') }}
),

lines_checked as (
    select
        sales_order_items._extract_date as extract_date,
        case
            when cost_to_serve_lines.product_id = 'UNKNOWN' then 'unknown_product'
            when not cost_to_serve_lines.has_standard_cost then 'no_standard_cost'
        end as standard_cost_gap
    from cost_to_serve_lines
    inner join sales_order_items
        on
            cost_to_serve_lines.sales_order_id = sales_order_items.sales_order_id
            and cost_to_serve_lines.sales_order_item = sales_order_items.sales_order_item
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
