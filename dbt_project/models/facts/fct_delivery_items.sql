{{ fact_delta_config() }}
{# One row per delivery item, with its sales order line, product on its master or UNKNOWN
   (CR06) and delivered weight (quantity x gross weight per base unit, kg).
   Incremental (macros/incremental.sql): the items reopened since the last build, unless a
   product, its weight or an Oracle id mapping changed, which rebuilds it. #}
{%- set delta = fact_delta_watermark('fct_delivery_items') %}
-- noqa: disable=LT02
{# (indentation is checked on the rendered branches, which sqlfluff cannot map back) #}
with{{ delta_keys_cte(delta) }}

delivery_items as (
    select * from (
        {{ sap_and_oracle('stg_erp__delivery_items', 'int_oracle__delivery_items') }}
    ) as both_systems
    where {{ in_fact_delta('fct_delivery_items', delta, 'both_systems') }}
),

products as (
    select * from {{ ref('dim_product') }}
    where not is_unknown_member
),

items as (
    select
        delivery_items.delivery_id,
        delivery_items.delivery_item,
        delivery_items.sales_order_id,
        delivery_items.sales_order_item,
        coalesce(products.product_id, 'UNKNOWN') as product_id,
        delivery_items.product_id as source_product_id,
        cast(delivery_items.delivered_qty as double) as delivered_qty,
        delivery_items.goods_issue_date,
        cast(delivery_items.delivered_qty as double) * products.gross_weight_kg as delivered_weight_kg,
        delivery_items.source_system,
        delivery_items.business_unit
    from delivery_items
    left join products
        on delivery_items.product_id = products.product_id
)

select * from items
