{# One row per snapshot date, product and plant of the Oracle on-hand snapshot in the shape of
   stg_erp__stock: subinventory STORES is unrestricted, INSPECT in inspection, HOLD blocked. #}
with

onhand as (
    select * from {{ ref('stg_oracle__onhand') }}
),

xref as (
    select * from {{ ref('int_master_xref') }}
    where object_type = 'product'
),

organizations as (
    select * from {{ ref('oracle_organizations') }}
),

shaped as (
    select
        onhand.snapshot_date,
        coalesce(xref.global_id, onhand.source_item_id) as product_id,
        coalesce(organizations.plant_id, onhand.organization_id) as plant_id,
        sum(case when onhand.subinventory_code = 'STORES' then onhand.quantity else 0 end) as unrestricted_qty,  -- exact: decimal
        sum(case when onhand.subinventory_code = 'INSPECT' then onhand.quantity else 0 end) as inspection_qty,  -- exact: decimal
        sum(case when onhand.subinventory_code = 'HOLD' then onhand.quantity else 0 end) as blocked_qty,  -- exact: decimal
        max(onhand._extract_date) as _extract_date,
        max(onhand._source_file) as _source_file,
        min(onhand._row_number) as _row_number,
        {{ source_columns('oracle') }}
    from onhand
    left join xref
        on onhand.source_item_id = xref.source_surrogate_id
    left join organizations
        on onhand.organization_id = organizations.organization_id
    group by
        onhand.snapshot_date,
        coalesce(xref.global_id, onhand.source_item_id),
        coalesce(organizations.plant_id, onhand.organization_id)
)

select * from shaped
