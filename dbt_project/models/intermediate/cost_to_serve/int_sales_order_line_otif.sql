{# One row per sales order line due for OTIF: not cancelled, requested date (VDATU) on or
   before the as-of date. In full when the delivered quantity reaches the ordered quantity;
   on time when every shipment carrying its goods-issued deliveries has arrived and the latest
   arrival, as a local date in the delivery's own offset, is on or before VDATU. A line not
   delivered by the as-of date is neither.
   Incremental on DuckDB: the lines reopened as in macros/incremental.sql (_otif_line_sources). #}
{{ fact_delta_config() }}
{%- set delta = fact_delta_watermark('int_sales_order_line_otif') %}
with{{ delta_keys_cte(delta) }}

valued_lines as (
    select * from {{ ref('int_sales_order_lines_valued') }}
    where {{ in_fact_delta('int_sales_order_line_otif', delta, 'int_sales_order_lines_valued') }}
),

delivery_items as (
    select * from {{ ref('fct_delivery_items') }}
    where {{ in_fact_delta('int_sales_order_line_otif', delta, 'fct_delivery_items') }}
),

shipment_deliveries as (
    select * from {{ ref('fct_shipment_deliveries') }}
),

shipments as (
    select * from {{ ref('fct_shipments') }}
),

as_of as (
    select * from {{ ref('int_as_of') }}
),

due_lines as (
    select
        valued_lines.sales_order_id,
        valued_lines.sales_order_item,
        valued_lines.customer_id,
        valued_lines.product_id,
        valued_lines.order_date,
        valued_lines.order_month,
        valued_lines.requested_date,
        valued_lines.ordered_qty,
        valued_lines.delivered_qty,
        valued_lines.is_delivered
    from valued_lines
    cross join as_of
    where valued_lines.requested_date <= as_of.as_of_date
),

line_shipments as (
    select distinct
        delivery_items.sales_order_id,
        delivery_items.sales_order_item,
        shipments.shipment_id,
        {# arrival counts only once it happened by the as-of date #}
        case
            when shipments.delivered_local_date <= as_of.as_of_date
                then shipments.delivered_local_date
        end as delivered_local_date
    from delivery_items
    cross join as_of
    inner join shipment_deliveries
        on delivery_items.delivery_id = shipment_deliveries.delivery_id
    inner join shipments
        on shipment_deliveries.shipment_id = shipments.shipment_id
    where delivery_items.goods_issue_date <= as_of.as_of_date
),

line_arrivals as (
    select
        sales_order_id,
        sales_order_item,
        count(*) as shipment_count,
        count(delivered_local_date) as arrived_shipment_count,
        max(delivered_local_date) as last_delivered_local_date
    from line_shipments
    group by sales_order_id, sales_order_item
),

line_otif as (
    select
        due_lines.sales_order_id,
        due_lines.sales_order_item,
        due_lines.customer_id,
        due_lines.product_id,
        due_lines.order_date,
        due_lines.order_month,
        due_lines.requested_date,
        due_lines.ordered_qty,
        due_lines.delivered_qty,
        due_lines.is_delivered,
        coalesce(line_arrivals.shipment_count, 0) as shipment_count,
        line_arrivals.last_delivered_local_date,
        coalesce(
            due_lines.is_delivered
            and due_lines.delivered_qty >= due_lines.ordered_qty,
            false
        ) as is_in_full,
        coalesce(
            due_lines.is_delivered
            and line_arrivals.shipment_count > 0
            and line_arrivals.arrived_shipment_count = line_arrivals.shipment_count
            and line_arrivals.last_delivered_local_date <= due_lines.requested_date,
            false
        ) as is_on_time
    from due_lines
    left join line_arrivals
        on
            due_lines.sales_order_id = line_arrivals.sales_order_id
            and due_lines.sales_order_item = line_arrivals.sales_order_item
),

line_otif_flags as (
    select
        *,
        coalesce(is_in_full and is_on_time, false) as is_otif
    from line_otif
)

select * from line_otif_flags
