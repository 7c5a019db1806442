{# One row per Oracle supplier in the shape of stg_erp__vendors, keyed by its global
   supplier id (seed master_xref; provisional ORA-<number> when unmapped). #}
with

suppliers as (
    select * from {{ ref('stg_oracle__suppliers') }}
),

xref as (
    select * from {{ ref('int_master_xref') }}
    where object_type = 'supplier'
),

shaped as (
    select
        xref.global_id as supplier_id,
        suppliers.name,
        suppliers.country,
        suppliers.vendor_type as account_group,
        not suppliers.is_enabled as is_blocked,
        suppliers._extract_date,
        suppliers._source_file,
        suppliers._row_number,
        {{ source_columns('oracle') }},
        suppliers.supplier_number as source_supplier_id,
        xref.is_xref_unmapped
    from suppliers
    inner join xref
        on suppliers.source_supplier_id = xref.source_surrogate_id
)

select * from shaped
