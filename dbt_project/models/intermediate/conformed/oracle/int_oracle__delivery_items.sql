{# One row per shipped Oracle fulfillment line in the shape of stg_erp__delivery_items: DOO
   has no delivery document, so the fulfillment line stands in (delivery ORA-<FULFILL_LINE_ID>,
   item 1), shipped quantity on the actual ship date. #}
with

sales_order_items as (
    select * from {{ ref('int_oracle__sales_order_items') }}
),

lines as (
    select * from {{ ref('stg_oracle__fulfillment_lines') }}
    where actual_ship_date is not null and shipped_qty is not null
),

headers as (
    select * from {{ ref('stg_oracle__sales_order_headers') }}
),

shaped as (
    select
        'ORA-' || lines.fulfill_line_id as delivery_id,
        '1' as delivery_item,
        'ORA-' || headers.order_number as sales_order_id,
        lines.fulfill_line_number as sales_order_item,
        sales_order_items.product_id,
        lines.shipped_qty as delivered_qty,
        lines.actual_ship_date as goods_issue_date,
        lines._extract_date,
        lines._source_file,
        lines._row_number,
        {{ source_columns('oracle') }}
    from lines
    inner join headers
        on lines.header_id = headers.header_id
    inner join sales_order_items
        on
            'ORA-' || headers.order_number = sales_order_items.sales_order_id
            and lines.fulfill_line_number = sales_order_items.sales_order_item
)

select * from shaped
