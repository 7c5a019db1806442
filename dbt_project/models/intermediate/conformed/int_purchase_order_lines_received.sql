{# One row per PO line (latest version; SAP and Oracle) with its receipts up to the as-of date: first 101
   receipt, received (101) and net received (signed 101/102/122) quantity, and the actual lead
   time (first 101 BUDAT - BEDAT, days) with the CR02 flag: negative or over the seed's
   lead_time_outlier_max_days (cleansing_parameters, default 365) is kept but flagged, and left
   out of lead-time statistics. #}
-- noqa: disable=LT02
{# (indentation is checked on the rendered loops, which sqlfluff cannot map back) #}
with

purchase_order_items as (
    {%- for model in ['stg_erp__purchase_order_items', 'int_oracle__purchase_order_items'] %}
    select
        po_number,
        po_item,
        product_id,
        plant_id,
        po_date
    from {{ ref(model) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

goods_receipts as (
    {%- for model in ['stg_erp__goods_receipts', 'int_oracle__goods_receipts'] %}
    select
        po_number,
        po_item,
        movement_type,
        posting_date,
        quantity,
        _extract_date
    from {{ ref(model) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

as_of as (
    select as_of_date from {{ ref('int_as_of') }}
),

cleansing_parameters as (
    select lead_time_outlier_max_days from {{ ref('cleansing_parameters') }}
),

receipts_by_line as (
    select
        goods_receipts.po_number,
        goods_receipts.po_item,
        min(case when goods_receipts.movement_type = '101' then goods_receipts.posting_date end) as first_receipt_date,
        min(case when goods_receipts.movement_type = '101' then goods_receipts._extract_date end)
            as first_receipt_extract_date,
        {{ exact_sum("case when goods_receipts.movement_type = '101' then goods_receipts.quantity else 0 end") }} as received_qty,
        {% call exact_sum() %}
            case when goods_receipts.movement_type in ('101', '102', '122') then goods_receipts.quantity else 0 end
        {% endcall %} as net_received_qty
    from goods_receipts
    cross join as_of
    where goods_receipts.posting_date <= as_of.as_of_date
    group by goods_receipts.po_number, goods_receipts.po_item
),

lead_times as (
    select
        purchase_order_items.po_number,
        purchase_order_items.po_item,
        purchase_order_items.product_id,
        purchase_order_items.plant_id,
        purchase_order_items.po_date,
        receipts_by_line.first_receipt_date,
        receipts_by_line.first_receipt_extract_date,
        coalesce(receipts_by_line.received_qty, 0) as received_qty,
        coalesce(receipts_by_line.net_received_qty, 0) as net_received_qty,
        cast(
            {{ dbt.datediff('purchase_order_items.po_date', 'receipts_by_line.first_receipt_date', 'day') }} as integer  -- noqa: LT05
        ) as actual_lead_time_days
    from purchase_order_items
    left join receipts_by_line
        on
            purchase_order_items.po_number = receipts_by_line.po_number
            and purchase_order_items.po_item = receipts_by_line.po_item
),

{# The check keeps its rule-code name lead_time_over_365 whatever the seed's bound. #}
flagged as (
    select
        lead_times.*,
        case
            when lead_times.actual_lead_time_days < 0 then 'receipt_before_po'
            when lead_times.actual_lead_time_days > cleansing_parameters.lead_time_outlier_max_days
                then 'lead_time_over_365'
        end as lead_time_outlier_reason,
        coalesce(
            lead_times.actual_lead_time_days < 0
            or lead_times.actual_lead_time_days > cleansing_parameters.lead_time_outlier_max_days,
            false
        ) as is_lead_time_outlier
    from lead_times
    cross join cleansing_parameters
)

select * from flagged
