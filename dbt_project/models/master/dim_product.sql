{# One row per product (global id: SAP material, or Oracle item through seed master_xref;
   SAP is the system of record of a shared product's attributes), with
   category and department from the seed hierarchy on its material group (unmapped groups
   become UNCLASSIFIED and are counted as MD02), plus the UNKNOWN member facts fall back to. #}
with

sap_materials as (
    select * from {{ ref('stg_erp__materials') }}
),

oracle_materials as (
    select * from {{ ref('int_oracle__materials') }}
),

{# The owning system's record wins (seed attribute ownership: SAP for shared products);
   Oracle-only products come from Oracle. source_systems lists every system that has it. #}
materials as (
    select
        sap_materials.product_id,
        sap_materials.description,
        sap_materials.material_type,
        sap_materials.material_group,
        sap_materials.base_unit,
        sap_materials.gross_weight_kg,
        sap_materials.gtin,
        sap_materials.is_deleted,
        case when oracle_materials.product_id is null then 'sap' else 'sap,oracle' end as source_systems,
        false as is_xref_unmapped
    from sap_materials
    left join oracle_materials
        on sap_materials.product_id = oracle_materials.product_id
    union all
    select
        oracle_materials.product_id,
        oracle_materials.description,
        oracle_materials.material_type,
        oracle_materials.material_group,
        oracle_materials.base_unit,
        oracle_materials.gross_weight_kg,
        oracle_materials.gtin,
        oracle_materials.is_deleted,
        'oracle' as source_systems,
        oracle_materials.is_xref_unmapped
    from oracle_materials
    where
        not exists (
            select 1 from sap_materials
            where sap_materials.product_id = oracle_materials.product_id
        )
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
        category_hierarchy.material_group is null as is_unclassified,
        materials.source_systems,
        materials.is_xref_unmapped
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
        false as is_unclassified,
        cast(null as {{ dbt.type_string() }}) as source_systems,
        false as is_xref_unmapped
),

products as (
    select * from classified
    union all
    select * from unknown_member
)

select * from products
