{# Supplier delivery KPIs per PO line (PO lines not deleted), as of the as-of date. A line is
   measured when its requested date (EINDT) is on or before the as-of date; a measured line
   without a 101 receipt by then is neither on time nor in full. On time: the first 101
   receipt posted on or before the requested date. In full: the net received quantity (the
   signed quantities of its 101, 102 and 122 movements up to the as-of date) at least the
   ordered quantity. Lead time: first 101 receipt - PO date in days; CR02 flags negative
   values and those above the seed's lead_time_outlier_max_days (cleansing_parameters), which
   stay here but are left out of lead-time statistics. #}
with

purchase_order_lines as (
    select * from {{ ref('fct_purchase_order_lines') }}
    where not is_deleted
),

goods_receipts as (
    select * from {{ ref('fct_goods_receipts') }}
),

contract_compliance as (
    select * from {{ ref('int_po_line_contract_compliance') }}
),

as_of as (
    select as_of_date from {{ ref('int_as_of') }}
),

cleansing_parameters as (
    select lead_time_outlier_max_days from {{ ref('cleansing_parameters') }}
),

{# Only movements posted by the as-of date count; 102 and 122 arrive signed negative. #}
receipts_by_line as (
    select
        goods_receipts.po_number,
        goods_receipts.po_item,
        min(case when goods_receipts.movement_type = '101' then goods_receipts.posting_date end)
            as first_receipt_date,
        {{ exact_sum("case when goods_receipts.movement_type = '101' then goods_receipts.quantity else 0 end") }}
            as received_qty,
        {% call exact_sum() %}
            case
                when goods_receipts.movement_type in ('101', '102', '122')
                    then goods_receipts.quantity
                else 0
            end
        {% endcall %} as net_received_qty
    from goods_receipts
    cross join as_of
    where goods_receipts.posting_date <= as_of.as_of_date
    group by goods_receipts.po_number, goods_receipts.po_item
),

lines as (
    select
        purchase_order_lines.po_number,
        purchase_order_lines.po_item,
        purchase_order_lines.supplier_id,
        purchase_order_lines.product_id,
        purchase_order_lines.plant_id,
        purchase_order_lines.purchasing_group,
        purchase_order_lines.po_date,
        cast({{ dbt.date_trunc('month', 'purchase_order_lines.po_date') }} as date) as month,
        purchase_order_lines.requested_date,
        cast(purchase_order_lines.ordered_qty as double) as ordered_qty,
        cast(purchase_order_lines.po_value_rc as double) as spend,
        receipts_by_line.first_receipt_date,
        coalesce(receipts_by_line.received_qty, 0) as received_qty,
        coalesce(receipts_by_line.net_received_qty, 0) as net_received_qty,
        coalesce(purchase_order_lines.requested_date <= as_of.as_of_date, false)
            as is_kpi_eligible
    from purchase_order_lines
    cross join as_of
    left join receipts_by_line
        on
            purchase_order_lines.po_number = receipts_by_line.po_number
            and purchase_order_lines.po_item = receipts_by_line.po_item
),

{# Flags are null on lines not yet due (not measured), true/false on measured lines. #}
flagged as (
    select
        lines.*,
        case
            when lines.is_kpi_eligible
                then coalesce(lines.first_receipt_date <= lines.requested_date, false)
        end as is_on_time,
        case
            when lines.is_kpi_eligible
                then
                    lines.first_receipt_date is not null
                    and lines.net_received_qty >= lines.ordered_qty
        end as is_in_full,
        {{ dbt.datediff('lines.po_date', 'lines.first_receipt_date', 'day') }}
            as actual_lead_time_days
    from lines
),

final as (
    select
        flagged.po_number,
        flagged.po_item,
        flagged.supplier_id,
        flagged.product_id,
        flagged.plant_id,
        flagged.purchasing_group,
        flagged.po_date,
        flagged.month,
        flagged.requested_date,
        flagged.ordered_qty,
        flagged.spend,
        flagged.first_receipt_date,
        flagged.received_qty,
        flagged.net_received_qty,
        flagged.is_kpi_eligible,
        flagged.is_on_time,
        flagged.is_in_full,
        cast(flagged.actual_lead_time_days as integer) as actual_lead_time_days,
        contract_compliance.contract_id,
        contract_compliance.is_compliant as is_price_compliant,
        contract_compliance.is_maverick,
        flagged.is_on_time and flagged.is_in_full as is_otif,
        flagged.actual_lead_time_days < 0
        or flagged.actual_lead_time_days > cleansing_parameters.lead_time_outlier_max_days
            as is_lead_time_outlier
    from flagged
    cross join cleansing_parameters
    left join contract_compliance
        on
            flagged.po_number = contract_compliance.po_number
            and flagged.po_item = contract_compliance.po_item
)

select * from final
