{{ fact_delta_config() }}
{# One row per PO line (latest version, deleted lines kept with is_deleted): supplier and
   product on their master or the UNKNOWN member (CR06), price per base unit and value in the
   reporting currency at the rate valid on the PO date (BEDAT), and its receipts up to the
   as-of date with the actual lead time and the CR02 outlier flag.
   Incremental (macros/incremental.sql): the lines reopened since the last build (by a new
   version or a receipt), unless a supplier, a product, an FX rate, the outlier bound or an
   Oracle id mapping changed, which rebuilds it. #}
{%- set delta = fact_delta_watermark('int_purchase_order_lines_unscoped') %}
-- noqa: disable=LT02
{# (indentation is checked on the rendered branches, which sqlfluff cannot map back) #}
with{{ delta_keys_cte(delta) }}

purchase_order_items as (
    select * from (
        {{ sap_and_oracle('stg_erp__purchase_order_items', 'int_oracle__purchase_order_items', dated_by='po_date') }}
    ) as both_systems
    where {{ in_fact_delta('int_purchase_order_lines_unscoped', delta, 'both_systems') }}
),

received as (
    select * from {{ ref('int_purchase_order_lines_received') }}
    where {{ in_fact_delta('int_purchase_order_lines_unscoped', delta, 'int_purchase_order_lines_received') }}
),

suppliers as (
    select supplier_id from {{ ref('dim_supplier') }}
    where not is_unknown_member
),

products as (
    select product_id from {{ ref('dim_product') }}
    where not is_unknown_member
),

po_lines as (
    select
        purchase_order_items.po_number,
        purchase_order_items.po_item,
        coalesce(suppliers.supplier_id, 'UNKNOWN') as supplier_id,
        purchase_order_items.supplier_id as source_supplier_id,
        coalesce(products.product_id, 'UNKNOWN') as product_id,
        purchase_order_items.product_id as source_product_id,
        purchase_order_items.plant_id,
        cast(purchase_order_items.ordered_qty as double) as ordered_qty,
        cast(purchase_order_items.net_price as double) as net_price,
        cast(purchase_order_items.price_unit as double) as price_unit,
        purchase_order_items.currency,
        {{ to_reporting_currency('purchase_order_items.net_price', 'fx') }} / nullif(purchase_order_items.price_unit, 0) as unit_price_rc,
        {{ to_reporting_currency('purchase_order_items.net_price', 'fx') }} / nullif(purchase_order_items.price_unit, 0)
        * purchase_order_items.ordered_qty as po_value_rc,
        purchase_order_items.po_date,
        purchase_order_items.requested_date,
        purchase_order_items.contract_id,
        purchase_order_items.contract_item,
        purchase_order_items.purchasing_group,
        purchase_order_items.document_type,
        purchase_order_items.is_deleted,
        received.first_receipt_date,
        cast(received.received_qty as double) as received_qty,
        cast(received.net_received_qty as double) as net_received_qty,
        received.actual_lead_time_days,
        received.is_lead_time_outlier,
        received.lead_time_outlier_reason,
        purchase_order_items.source_system,
        purchase_order_items.business_unit
    from purchase_order_items
    left join received
        on
            purchase_order_items.po_number = received.po_number
            and purchase_order_items.po_item = received.po_item
    left join suppliers
        on purchase_order_items.supplier_id = suppliers.supplier_id
    left join products
        on purchase_order_items.product_id = products.product_id
    {{ fx_rate_join('fx', 'purchase_order_items.currency', 'purchase_order_items.po_date') }}
)

select * from po_lines
