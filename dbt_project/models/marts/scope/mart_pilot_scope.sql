{# BI contract: one row per line type (sales order lines, PO lines, goods receipts, stock on
   the latest snapshot) and plant, with whether the pilot scope (seed segmentation_scope) takes
   the plant in, and the rows and value in it: what the segments and marts count, and what
   they leave out. Cancelled sales and deleted PO lines count nowhere. #}
with

sales_order_lines as (
    select * from {{ ref('int_sales_order_lines_unscoped') }}
),

purchase_order_lines as (
    select * from {{ ref('int_purchase_order_lines_unscoped') }}
),

goods_receipts as (
    select * from {{ ref('int_goods_receipts_unscoped') }}
),

stock_snapshots as (
    select * from {{ ref('int_stock_snapshots_unscoped') }}
),

plant_scope as (
    select * from {{ ref('int_pilot_scope_plants') }}
),

as_of as (
    select as_of_date from {{ ref('int_as_of') }}
),

latest_snapshot as (
    select max(stock_snapshots.snapshot_date) as snapshot_date
    from stock_snapshots
    cross join as_of
    where stock_snapshots.snapshot_date <= as_of.as_of_date
),

line_rows as (
    select
        'sales_order_lines' as line_type,
        plant_id,
        count(*) as line_count,
        {{ exact_sum("net_value_rc") }} as value_rc
    from sales_order_lines
    where not is_cancelled
    group by plant_id
    union all
    select
        'purchase_order_lines' as line_type,
        plant_id,
        count(*) as line_count,
        {{ exact_sum("po_value_rc") }} as value_rc
    from purchase_order_lines
    where not is_deleted
    group by plant_id
    union all
    select
        'goods_receipts' as line_type,
        plant_id,
        count(*) as line_count,
        cast(null as double) as value_rc
    from goods_receipts
    group by plant_id
    union all
    select
        'stock_snapshots' as line_type,
        stock_snapshots.plant_id,
        count(*) as line_count,
        {{ exact_sum("stock_snapshots.stock_value_rc") }} as value_rc
    from stock_snapshots
    inner join latest_snapshot
        on stock_snapshots.snapshot_date = latest_snapshot.snapshot_date
    group by stock_snapshots.plant_id
),

{# Judged as the facts judge it: a plant missing from the master as the unknown plant. #}
final as (
    select
        cast(line_rows.line_type as {{ dbt.type_string() }}) as line_type,
        cast(line_rows.plant_id as {{ dbt.type_string() }}) as plant_id,
        cast(coalesce(plant_scope.business_unit, unknown_plant_scope.business_unit) as {{ dbt.type_string() }})
            as business_unit,
        coalesce(plant_scope.is_in_pilot_scope, unknown_plant_scope.is_in_pilot_scope, true)
            as is_in_pilot_scope,
        cast(line_rows.line_count as bigint) as line_count,
        line_rows.value_rc
    from line_rows
    left join plant_scope
        on line_rows.plant_id = plant_scope.plant_id
    left join plant_scope as unknown_plant_scope
        on unknown_plant_scope.plant_id = 'UNKNOWN'
)

select * from final
