{# One row per Oracle master source and extract date with unmapped objects (MD03): the value
   their facts carry in the reporting currency, so a data-quality reader sees what is at
   stake — PO spend (not deleted) of unmapped suppliers, net sales of unmapped products and
   customers. The facts themselves keep every one of these rows (provisional ORA- ids). #}
with

unmapped as (
    select * from {{ ref('int_master_xref') }}
    where is_xref_unmapped
),

po_lines as (
    select * from {{ ref('fct_purchase_order_lines') }}
    where not is_deleted
),

sales_lines as (
    select * from {{ ref('fct_sales_order_lines') }}
    where not is_cancelled
),

supplier_spend as (
    select
        'oracle/supplier' as source,
        unmapped._extract_date as extract_date,
        {{ exact_sum("po_lines.po_value_rc") }} as value_affected_rc
    from unmapped
    inner join po_lines
        on unmapped.global_id = po_lines.supplier_id
    where unmapped.object_type = 'supplier'
    group by unmapped._extract_date
),

product_sales as (
    select
        'oracle/item' as source,
        unmapped._extract_date as extract_date,
        {{ exact_sum("sales_lines.net_value_rc") }} as value_affected_rc
    from unmapped
    inner join sales_lines
        on unmapped.global_id = sales_lines.product_id
    where unmapped.object_type = 'product'
    group by unmapped._extract_date
),

customer_sales as (
    select
        'oracle/customer' as source,
        unmapped._extract_date as extract_date,
        {{ exact_sum("sales_lines.net_value_rc") }} as value_affected_rc
    from unmapped
    inner join sales_lines
        on unmapped.global_id = sales_lines.customer_id
    where unmapped.object_type = 'customer'
    group by unmapped._extract_date
),

unioned as (
    select * from supplier_spend
    union all
    select * from product_sales
    union all
    select * from customer_sales
)

select
    source,
    'MD03' as rule_id,
    extract_date,
    cast(value_affected_rc as double) as value_affected_rc
from unioned
