{# MD02: one row per check and extract date of erp/material: materials whose material group
   is missing from seed category_hierarchy (product category UNCLASSIFIED), on the
   material's latest extract. #}
with

products as (
    select * from {{ ref('dim_product') }}
    where not is_unknown_member
),

material_extracts as (
    select * from {{ ref('stg_erp__materials') }}
),

products_checked as (
    select
        material_extracts._extract_date as extract_date,
        case when products.is_unclassified then 'unmapped_material_group' end as material_group_defect
    from products
    inner join material_extracts
        on products.product_id = material_extracts.product_id
),

counted as (
    {{ count_rule_checks(
        'MD02', 'products_checked',
        source="'erp/material'",
        extract_date='extract_date',
        failure='material_group_defect',
    ) }}
)

select * from counted
