{# FV02: one row per check and extract date of erp/purchase_order_item: purchase order lines
   (not deleted) whose net price could not be converted to the reporting currency because no
   FX rate is valid on their PO date (no_fx_rate_on_po_date, e.g. a PO dated before the first
   rate). Their spend and unit price stay empty: they count in no spend total and their
   contract price compliance is not judged. The extract date is the line's latest extract. #}
with

po_lines as (
    select * from {{ ref('fct_purchase_order_lines') }}
    where not is_deleted
),

purchase_order_items as (
    select * from {{ ref('stg_erp__purchase_order_items') }}
),

lines_checked as (
    select
        purchase_order_items._extract_date as extract_date,
        case
            when
                po_lines.net_price is not null
                and coalesce(po_lines.price_unit, 0) <> 0
                and po_lines.unit_price_rc is null
                then 'no_fx_rate_on_po_date'
        end as spend_gap
    from po_lines
    inner join purchase_order_items
        on
            po_lines.po_number = purchase_order_items.po_number
            and po_lines.po_item = purchase_order_items.po_item
),

counted as (
    {{ count_rule_checks(
        'FV02', 'lines_checked',
        source="'erp/purchase_order_item'",
        extract_date='extract_date',
        failure='spend_gap',
    ) }}
)

select * from counted
