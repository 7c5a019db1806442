{{ fact_delta_config() }}
{# One row per POS sales line: sold_at in UTC, the local sale date (its business date),
   product through the GTIN on the product master or UNKNOWN (CR06), the store's ERP ship-to
   customer, net amount (price x quantity - discount; returns negative) in the reporting
   currency at the rate valid on the local sale date.
   Incremental (macros/incremental.sql): the lines of the keys reopened since the last build,
   unless a store, a product's GTIN or an FX rate changed, which rebuilds it. #}
-- depends_on: {{ ref('dim_customer') }}
{%- set delta = fact_delta_watermark('fct_pos_sales_lines') %}
with{{ delta_keys_cte(delta) }}

sales_lines as (
    select * from {{ ref('stg_pos__sales_lines') }}
    where
        {{ dated_by_as_of('sold_local_date') }}
        and {{ in_fact_delta('fct_pos_sales_lines', delta, 'stg_pos__sales_lines') }}
),

products as (
    select * from {{ ref('dim_product') }}
    where not is_unknown_member and gtin is not null
),

products_by_gtin as (
    {# A GTIN should name one material; if ERP reuses one, the lowest material id wins. #}
    select
        gtin,
        min(product_id) as product_id
    from products
    group by gtin
),

stores as (
    select * from {{ ref('dim_store') }}
    where not is_unknown_member
),

conformed as (
    select
        sales_lines.store_id,
        sales_lines.transaction_id,
        sales_lines.line_no,
        sales_lines.sold_at,
        sales_lines.sold_local_date,
        coalesce(products_by_gtin.gtin, 'UNKNOWN') as gtin,
        sales_lines.gtin as source_gtin,
        coalesce(products_by_gtin.product_id, 'UNKNOWN') as product_id,
        coalesce(stores.customer_id, 'UNKNOWN') as customer_id,
        sales_lines.quantity,
        {{ to_reporting_currency('sales_lines.net_amount', 'fx') }} as net_amount_rc,
        sales_lines.currency
    from sales_lines
    left join products_by_gtin
        on sales_lines.gtin = products_by_gtin.gtin
    left join stores
        on sales_lines.store_id = stores.store_id
    {{ fx_rate_join('fx', 'sales_lines.currency', 'sales_lines.sold_local_date') }}
)

select * from conformed
