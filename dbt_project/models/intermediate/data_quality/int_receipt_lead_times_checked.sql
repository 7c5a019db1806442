{# CR02: one row per check and extract date of erp/goods_receipt: received PO lines whose
   actual lead time is negative (receipt_before_po) or over 365 days (lead_time_over_365),
   flagged and left out of lead-time statistics. Counted on the extract date of the line's
   first 101 receipt: lead-time outliers are receipt timing defects. #}
with

po_lines_received as (
    select * from {{ ref('int_purchase_order_lines_received') }}
    where actual_lead_time_days is not null
),

counted as (
    {{ count_rule_checks(
        'CR02', 'po_lines_received',
        source="'erp/goods_receipt'",
        extract_date='first_receipt_extract_date',
        failure='lead_time_outlier_reason',
        is_failed='is_lead_time_outlier',
    ) }}
)

select * from counted
