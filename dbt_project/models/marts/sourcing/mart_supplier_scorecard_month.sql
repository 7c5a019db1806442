{# BI contract: one row per supplier and month with the supplier scorecard. #}
with

scorecard as (
    select * from {{ ref('int_supplier_scorecard_month') }}
),

final as (
    select
        supplier_id,
        month,
        kraljic_segment,
        spend,
        po_lines,
        measured_po_lines,
        otd_rate,
        in_full_rate,
        otif_rate,
        lead_time_mean_days,
        lead_time_cov,
        received_qty,
        defect_qty,
        defect_ppm,
        quality_rate,
        price_compliance_rate,
        weighted_score
    from scorecard
)

select * from final
