{# One row per product (ERP material, the system of record for product attributes), with
   category and department from the seed hierarchy on its material group (unmapped groups
   become UNCLASSIFIED and are counted as MD02), plus the UNKNOWN member facts fall back to. #}
with

materials as (
    select * from {{ ref('stg_erp__materials') }}
),

category_hierarchy as (
    select * from {{ ref('category_hierarchy') }}
),

classified as (
    select
        materials.product_id,
        materials.description,
        materials.material_type,
        materials.material_group,
        coalesce(category_hierarchy.category, 'UNCLASSIFIED') as category,
        coalesce(category_hierarchy.department, 'UNCLASSIFIED') as department,
        materials.base_unit,
        cast(materials.gross_weight_kg as double) as gross_weight_kg,
        materials.gtin,
        materials.is_deleted,
        false as is_unknown_member,
        category_hierarchy.material_group is null as is_unclassified
    from materials
    left join category_hierarchy
        on materials.material_group = upper(trim(category_hierarchy.material_group))
    where materials.product_id is not null
),

unknown_member as (
    select
        'UNKNOWN' as product_id,
        'Unknown product' as description,
        cast(null as {{ dbt.type_string() }}) as material_type,
        cast(null as {{ dbt.type_string() }}) as material_group,
        'UNCLASSIFIED' as category,
        'UNCLASSIFIED' as department,
        cast(null as {{ dbt.type_string() }}) as base_unit,
        cast(null as double) as gross_weight_kg,
        cast(null as {{ dbt.type_string() }}) as gtin,
        false as is_deleted,
        true as is_unknown_member,
        false as is_unclassified
),

products as (
    select * from classified
    union all
    select * from unknown_member
)

select * from products
