{# Supplier scorecard per supplier and month. PO-line KPIs (spend, OTD, in full, OTIF, lead
   time, price compliance) belong to the PO's month (BEDAT); the defect rate belongs to the
   month of the receipts (BUDAT) and notifications (created_on). Every month with any of these
   for the supplier is listed. weighted_score applies the supplier segment's scorecard weights
   to the month's rates; rates that are undefined in the month (no measured line, no receipt,
   no contract) drop out and the remaining weights are rescaled, so the score stays in [0, 1]. #}
with

po_line_kpis as (
    select * from {{ ref('int_supplier_po_line_kpis') }}
),

goods_receipts as (
    select * from {{ ref('fct_goods_receipts') }}
),

quality_notifications as (
    select * from {{ ref('fct_quality_notifications') }}
),

supplier_segments as (
    select * from {{ ref('dim_supplier_segments') }}
),

as_of as (
    select as_of_date from {{ ref('int_as_of') }}
),

{# Rates average 1/0 integers: a double on both engines (a 1.0 literal is a decimal on Spark). #}
po_months as (
    select
        supplier_id,
        month,
        {{ exact_sum("spend") }} as spend,
        count(*) as po_lines,
        count(case when is_kpi_eligible then 1 end) as measured_po_lines,
        {{ exact_avg("case when is_on_time then 1 when not is_on_time then 0 end") }} as otd_rate,
        {{ exact_avg("case when is_in_full then 1 when not is_in_full then 0 end") }} as in_full_rate,
        {{ exact_avg("case when is_otif then 1 when not is_otif then 0 end") }} as otif_rate,
        {% call exact_avg() %}
            case
                when not is_lead_time_outlier then cast(actual_lead_time_days as double)
            end
        {% endcall %} as lead_time_mean_days,
        {% call exact_stddev_pop() %}
            case
                when not is_lead_time_outlier then cast(actual_lead_time_days as double)
            end
        {% endcall %} as lead_time_stddev_days,
        count(is_price_compliant) as contract_po_lines,
        {% call exact_avg() %}
            case when is_price_compliant then 1 when not is_price_compliant then 0 end
        {% endcall %} as price_compliance_rate
    from po_line_kpis
    group by supplier_id, month
),

{# Receipts count for the supplier of their (not deleted) PO line, by posting month. #}
receipt_months as (
    select
        po_line_kpis.supplier_id,
        cast({{ dbt.date_trunc('month', 'goods_receipts.posting_date') }} as date) as month,
        {{ exact_sum("goods_receipts.quantity") }} as received_qty
    from goods_receipts
    inner join po_line_kpis
        on
            goods_receipts.po_number = po_line_kpis.po_number
            and goods_receipts.po_item = po_line_kpis.po_item
    cross join as_of
    where
        goods_receipts.movement_type = '101'
        and goods_receipts.posting_date <= as_of.as_of_date
    group by
        po_line_kpis.supplier_id,
        cast({{ dbt.date_trunc('month', 'goods_receipts.posting_date') }} as date)
),

{# fct_quality_notifications holds only valid notifications (CR03 quarantined ones are out),
   with the supplier resolved through the PO where the notification lacked it (CR04). #}
notification_months as (
    select
        quality_notifications.supplier_id,
        cast({{ dbt.date_trunc('month', 'quality_notifications.created_on') }} as date) as month,
        {{ exact_sum("quality_notifications.defect_qty") }} as defect_qty,
        count(*) as notifications
    from quality_notifications
    cross join as_of
    where quality_notifications.created_on <= as_of.as_of_date
    group by
        quality_notifications.supplier_id,
        cast({{ dbt.date_trunc('month', 'quality_notifications.created_on') }} as date)
),

supplier_months as (
    select
        supplier_id,
        month
    from po_months
    union
    select
        supplier_id,
        month
    from receipt_months
    union
    select
        supplier_id,
        month
    from notification_months
),

combined as (
    select
        supplier_months.supplier_id,
        supplier_months.month,
        po_months.otd_rate,
        po_months.in_full_rate,
        po_months.otif_rate,
        po_months.lead_time_mean_days,
        po_months.price_compliance_rate,
        coalesce(po_months.spend, 0) as spend,
        coalesce(po_months.po_lines, 0) as po_lines,
        coalesce(po_months.measured_po_lines, 0) as measured_po_lines,
        case
            when po_months.lead_time_mean_days > 0
                then po_months.lead_time_stddev_days / po_months.lead_time_mean_days
        end as lead_time_cov,
        coalesce(receipt_months.received_qty, 0) as received_qty,
        coalesce(notification_months.defect_qty, 0) as defect_qty,
        {# 0 ppm in a month with receipts and no notifications; null without receipts. #}
        coalesce(notification_months.notifications, 0) as notifications,
        case
            when receipt_months.received_qty > 0
                then 1000000.0 * coalesce(notification_months.defect_qty, 0) / receipt_months.received_qty
        end as defect_ppm,
        coalesce(po_months.contract_po_lines, 0) as contract_po_lines
    from supplier_months
    left join po_months
        on
            supplier_months.supplier_id = po_months.supplier_id
            and supplier_months.month = po_months.month
    left join receipt_months
        on
            supplier_months.supplier_id = receipt_months.supplier_id
            and supplier_months.month = receipt_months.month
    left join notification_months
        on
            supplier_months.supplier_id = notification_months.supplier_id
            and supplier_months.month = notification_months.month
),

{# Quality as a rate: the share of received quantity without defects, floored at 0 when a
   month's notifications exceed its receipts. #}
with_quality as (
    select
        combined.*,
        case
            when combined.defect_ppm is not null
                then greatest(0.0, 1.0 - combined.defect_ppm / 1000000.0)
        end as quality_rate
    from combined
),

scored as (
    select
        with_quality.*,
        supplier_segments.kraljic_segment,
        (
            coalesce(supplier_segments.weight_otd * with_quality.otd_rate, 0)
            + coalesce(supplier_segments.weight_in_full * with_quality.in_full_rate, 0)
            + coalesce(supplier_segments.weight_quality * with_quality.quality_rate, 0)
            + coalesce(
                supplier_segments.weight_price_compliance * with_quality.price_compliance_rate, 0
            )
        )
        / nullif(
            case when with_quality.otd_rate is not null then supplier_segments.weight_otd else 0 end
            + case
                when with_quality.in_full_rate is not null then supplier_segments.weight_in_full else 0
            end
            + case
                when with_quality.quality_rate is not null then supplier_segments.weight_quality else 0
            end
            + case
                when with_quality.price_compliance_rate is not null
                    then supplier_segments.weight_price_compliance
                else 0
            end,
            0
        ) as weighted_score
    from with_quality
    left join supplier_segments
        on with_quality.supplier_id = supplier_segments.supplier_id
)

select * from scored
