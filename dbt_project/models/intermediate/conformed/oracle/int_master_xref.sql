{# One row per Oracle item, supplier and customer (latest extract) with its global id: the
   stewards' mapping in seed master_xref when there is one, else the provisional
   ORA-<number> with is_xref_unmapped = true (counted as MD03, never dropped). The surrogate
   id (INVENTORY_ITEM_ID, VENDOR_ID, CUST_ACCOUNT_ID) is what Oracle transactions carry. #}
with

items as (
    select * from {{ ref('stg_oracle__items') }}
),

suppliers as (
    select * from {{ ref('stg_oracle__suppliers') }}
),

customers as (
    select * from {{ ref('stg_oracle__customers') }}
),

xref as (
    select * from {{ ref('master_xref') }}
    where source_system = 'oracle'
),

objects as (
    select
        'product' as object_type,
        source_item_id as source_surrogate_id,
        item_number as source_id,
        _extract_date
    from items
    union all
    select
        'supplier' as object_type,
        source_supplier_id as source_surrogate_id,
        supplier_number as source_id,
        _extract_date
    from suppliers
    union all
    select
        'customer' as object_type,
        source_customer_id as source_surrogate_id,
        account_number as source_id,
        _extract_date
    from customers
),

resolved as (
    select
        objects.object_type,
        'oracle' as source_system,
        objects.source_surrogate_id,
        objects.source_id,
        coalesce(upper(trim(xref.global_id)), 'ORA-' || objects.source_id) as global_id,
        xref.global_id is null as is_xref_unmapped,
        xref.match_basis,
        objects._extract_date
    from objects
    left join xref
        on
            objects.object_type = xref.object_type
            and objects.source_id = upper(trim(xref.source_id))
)

select * from resolved
