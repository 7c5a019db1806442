{# One row per Oracle item in the shape of stg_erp__materials, keyed by its global product
   id (seed master_xref; provisional ORA-<number> when unmapped). Oracle's UOM codes map to
   the SAP units (Ea = ST, LBS = LB), item type Finished Good to FERT. #}
with

items as (
    select * from {{ ref('stg_oracle__items') }}
),

xref as (
    select * from {{ ref('int_master_xref') }}
    where object_type = 'product'
),

shaped as (
    select
        xref.global_id as product_id,
        items.description,
        case items.item_type when 'Finished Good' then 'FERT' else upper(items.item_type) end as material_type,
        items.category_code as material_group,
        case items.primary_uom when 'EA' then 'ST' else items.primary_uom end as base_unit,
        items.unit_weight as gross_weight,
        case items.weight_uom when 'LBS' then 'LB' else items.weight_uom end as weight_unit,
        {{ weight_to_kg('items.unit_weight', "case items.weight_uom when 'LBS' then 'LB' else items.weight_uom end") }} as gross_weight_kg,
        items.gtin,
        coalesce(items.item_status in ('Inactive', 'Obsolete'), false) as is_deleted,
        cast(items.last_updated_at as date) as last_changed_date,
        items._extract_date,
        items._source_file,
        items._row_number,
        {{ source_columns('oracle') }},
        items.item_number as source_product_id,
        xref.is_xref_unmapped
    from items
    inner join xref
        on items.source_item_id = xref.source_surrogate_id
)

select * from shaped
