{{ fact_delta_config() }}
{# One row per sales order line (latest version; cancelled lines kept with is_cancelled):
   sold-to, ship-to and product on their masters or UNKNOWN (CR06), net value in the
   reporting currency at the rate valid on the order date (ERDAT), and what was delivered by
   the as-of date (delivery items with goods issue on or before it).
   Incremental (macros/incremental.sql): the lines reopened since the last build (by a new
   version or a delivery), unless a customer, a product, an FX rate or an Oracle id mapping
   changed, which rebuilds it. #}
{%- set delta = fact_delta_watermark('int_sales_order_lines_unscoped') %}
-- noqa: disable=LT02
{# (indentation is checked on the rendered branches, which sqlfluff cannot map back) #}
with{{ delta_keys_cte(delta) }}

sales_order_items as (
    select * from (
        {{ sap_and_oracle('stg_erp__sales_order_items', 'int_oracle__sales_order_items', dated_by='order_date') }}
    ) as both_systems
    where {{ in_fact_delta('int_sales_order_lines_unscoped', delta, 'both_systems') }}
),

delivery_items as (
    select * from {{ ref('stg_erp__delivery_items') }}
    union all
    select
        delivery_id,
        delivery_item,
        sales_order_id,
        sales_order_item,
        product_id,
        delivered_qty,
        goods_issue_date,
        _extract_date,
        _source_file,
        _row_number
    from {{ ref('int_oracle__delivery_items') }}
),

customers as (
    select customer_id from {{ ref('dim_customer') }}
    where not is_unknown_member
),

products as (
    select product_id from {{ ref('dim_product') }}
    where not is_unknown_member
),

as_of as (
    select as_of_date from {{ ref('int_as_of') }}
),

delivered as (
    select
        delivery_items.sales_order_id,
        delivery_items.sales_order_item,
        cast({{ exact_sum("delivery_items.delivered_qty") }} as double) as delivered_qty,
        max(delivery_items.goods_issue_date) as last_goods_issue_date
    from delivery_items
    cross join as_of
    where
        delivery_items.goods_issue_date <= as_of.as_of_date
        and {{ in_fact_delta('int_sales_order_lines_unscoped', delta, 'delivery_items', ['sales_order_id', 'sales_order_item']) }}
    group by delivery_items.sales_order_id, delivery_items.sales_order_item
),

order_lines as (
    select
        sales_order_items.sales_order_id,
        sales_order_items.sales_order_item,
        coalesce(sold_to.customer_id, 'UNKNOWN') as customer_id,
        sales_order_items.customer_id as source_customer_id,
        coalesce(ship_to.customer_id, 'UNKNOWN') as ship_to_customer_id,
        sales_order_items.ship_to_customer_id as source_ship_to_customer_id,
        coalesce(products.product_id, 'UNKNOWN') as product_id,
        sales_order_items.product_id as source_product_id,
        sales_order_items.plant_id,
        cast(sales_order_items.ordered_qty as double) as ordered_qty,
        cast(sales_order_items.net_value as double) as net_value,
        sales_order_items.currency,
        {{ to_reporting_currency('sales_order_items.net_value', 'fx') }} as net_value_rc,
        sales_order_items.order_date,
        sales_order_items.requested_date,
        sales_order_items.channel,
        sales_order_items.delivery_priority,
        sales_order_items.is_cancelled,
        coalesce(delivered.delivered_qty, 0) as delivered_qty,
        delivered.sales_order_id is not null as is_delivered,
        delivered.last_goods_issue_date,
        sales_order_items.source_system,
        sales_order_items.business_unit
    from sales_order_items
    left join delivered
        on
            sales_order_items.sales_order_id = delivered.sales_order_id
            and sales_order_items.sales_order_item = delivered.sales_order_item
    left join customers as sold_to
        on sales_order_items.customer_id = sold_to.customer_id
    left join customers as ship_to
        on sales_order_items.ship_to_customer_id = ship_to.customer_id
    left join products
        on sales_order_items.product_id = products.product_id
    {{ fx_rate_join('fx', 'sales_order_items.currency', 'sales_order_items.order_date') }}
)

select * from order_lines
