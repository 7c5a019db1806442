{# One row per delivered Oracle fulfillment line row (every version, unparseable rows
   included) with its item on the global product id, for CR06
   (int_master_references_unresolved): an item missing from the Oracle item extract keeps its
   Oracle id, which no product master holds, so the row counts as an unknown material. #}
with

lines as (
    select * from {{ ref('base_oracle__fulfillment_line') }}
),

items as (
    select * from {{ ref('int_master_xref') }}
    where object_type = 'product'
),

referenced as (
    select
        lines._extract_date,
        lines._source_file,
        lines._row_number,
        lines._parse_errors,
        coalesce(items.global_id, lines.source_item_id) as product_id
    from lines
    left join items
        on lines.source_item_id = items.source_surrogate_id
)

select * from referenced
