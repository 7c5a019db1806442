{{ fact_delta_config() }}
{# One row per snapshot date, product and plant: stock quantities and the total valued at
   the standard cost per base unit converted at the FX rate valid on the snapshot date (not
   the as-of date's), in the reporting currency; product on its master or UNKNOWN (CR06).
   Incremental (macros/incremental.sql): the snapshots reopened since the last build, unless a
   product, its standard price, an FX rate or an Oracle id mapping changed (a rebuild). #}
{%- set delta = fact_delta_watermark('int_stock_snapshots_unscoped') %}
with{{ delta_keys_cte(delta) }}

stock as (
    select
        *,
        coalesce(unrestricted_qty, 0) + coalesce(inspection_qty, 0) + coalesce(blocked_qty, 0) as total_qty
    from (
        {{ sap_and_oracle('stg_erp__stock', 'int_oracle__stock') }}
    ) as both_systems
    where {{ in_fact_delta('int_stock_snapshots_unscoped', delta, 'both_systems', ['snapshot_date', 'product_id', 'plant_id']) }}
),

product_plants as (
    select * from {{ ref('dim_product_plant') }}
),

products as (
    select product_id from {{ ref('dim_product') }}
    where not is_unknown_member
),

valued as (
    select
        stock.snapshot_date,
        coalesce(products.product_id, 'UNKNOWN') as product_id,
        stock.product_id as source_product_id,
        stock.plant_id,
        cast(stock.unrestricted_qty as double) as unrestricted_qty,
        cast(stock.inspection_qty as double) as inspection_qty,
        cast(stock.blocked_qty as double) as blocked_qty,
        cast(stock.total_qty as double) as total_qty,
        cast(stock.total_qty as double)
        * cast(product_plants.standard_price as double)
        / nullif(cast(product_plants.price_unit as double), 0)
        * fx.rate as stock_value_rc,
        stock.source_system,
        stock.business_unit
    from stock
    left join products
        on stock.product_id = products.product_id
    left join product_plants
        on
            stock.product_id = product_plants.product_id
            and stock.plant_id = product_plants.plant_id
    {{ fx_rate_join('fx', 'product_plants.currency', 'stock.snapshot_date') }}
)

select * from valued
