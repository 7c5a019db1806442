{# The delivery items that carry cost: goods issued on or before the as-of date and belonging
   to a line of the cost-to-serve population. Freight is allocated only over these, so every
   allocated amount lands on a costed line; a shipment without any of them is unallocated.
   Incremental per delivery item reopened (macros/incremental.sql). #}
{{ fact_delta_config() }}
{%- set delta = fact_delta_watermark('int_cts_delivery_items') %}
with{{ delta_keys_cte(delta) }}

delivery_items as (
    select * from {{ ref('fct_delivery_items') }}
    where {{ in_fact_delta('int_cts_delivery_items', delta, 'fct_delivery_items') }}
),

delivered_lines as (
    select * from {{ ref('int_cts_delivered_lines') }}
),

as_of as (
    select * from {{ ref('int_as_of') }}
),

costed_items as (
    select
        delivery_items.delivery_id,
        delivery_items.delivery_item,
        delivery_items.sales_order_id,
        delivery_items.sales_order_item,
        delivered_lines.order_month,
        cast(delivery_items.delivered_qty as double) as delivered_qty,
        delivery_items.goods_issue_date,
        {# delivered quantity x gross weight kg (weights already converted to kg, CR07) #}
        coalesce(cast(delivery_items.delivered_weight_kg as double), 0.0) as delivered_weight_kg
    from delivery_items
    cross join as_of
    inner join delivered_lines
        on
            delivery_items.sales_order_id = delivered_lines.sales_order_id
            and delivery_items.sales_order_item = delivered_lines.sales_order_item
    where delivery_items.goods_issue_date <= as_of.as_of_date
)

select * from costed_items
