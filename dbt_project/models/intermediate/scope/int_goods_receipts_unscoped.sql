{{ fact_delta_config() }}
{# One row per goods receipt line (material document, year, line), quantity signed
   (101 positive, 102/122 negative), product on its master or UNKNOWN (CR06).
   Incremental (macros/incremental.sql): the receipts reopened since the last build, unless a
   product or an Oracle id mapping changed, which rebuilds it. #}
{%- set delta = fact_delta_watermark('int_goods_receipts_unscoped') %}
-- noqa: disable=LT02
{# (indentation is checked on the rendered branches, which sqlfluff cannot map back) #}
with{{ delta_keys_cte(delta) }}

goods_receipts as (
    select * from (
        {{ sap_and_oracle('stg_erp__goods_receipts', 'int_oracle__goods_receipts', dated_by='posting_date') }}
    ) as both_systems
    where {{ in_fact_delta('int_goods_receipts_unscoped', delta, 'both_systems') }}
),

products as (
    select product_id from {{ ref('dim_product') }}
    where not is_unknown_member
),

receipts as (
    select
        goods_receipts.material_document,
        goods_receipts.document_year,
        goods_receipts.document_item,
        goods_receipts.po_number,
        goods_receipts.po_item,
        coalesce(products.product_id, 'UNKNOWN') as product_id,
        goods_receipts.product_id as source_product_id,
        goods_receipts.plant_id,
        goods_receipts.posting_date,
        cast(goods_receipts.quantity as double) as quantity,
        goods_receipts.movement_type,
        goods_receipts.source_system,
        goods_receipts.business_unit
    from goods_receipts
    left join products
        on goods_receipts.product_id = products.product_id
)

select * from receipts
