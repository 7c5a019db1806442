{# The sourcing side's alert KPIs, one row per alert type, subject and month judged, in the
   columns of mart_kpi_alerts plus `volume` (what the seed alert_minimum_volumes compares),
   `is_breach` and `is_recovered`; mart_kpi_alerts applies the minimum volumes and turns
   breaches into episodes:
   - supplier_otd_changeover_review: a strategic supplier month with measured PO lines (the
     volume). A breach is a month that completes a run of N consecutive calendar months with
     the OTD rate below the segment's governance threshold (seed, default 2); a month at or
     above the threshold is a recovery; a month below it that does not complete a run is
     neither. A month without measured PO lines breaks the run. value = the month's OTD rate,
     baseline = the threshold.
   - maverick_share_above_tolerance: a purchasing group month (volume = its spend, all
     segments); a breach when the maverick share is above the seed tolerance, else a
     recovery; value = the share, baseline = the tolerance.
   change_pct = (value - baseline) / baseline. #}
with

scorecard as (
    select * from {{ ref('int_supplier_scorecard_month') }}
),

supplier_segments as (
    select * from {{ ref('dim_supplier_segments') }}
),

maverick_spend as (
    select * from {{ ref('int_maverick_spend_month') }}
),

parameters as (
    select * from {{ ref('sourcing_kpi_parameters') }}
),

otd_months as (
    select
        scorecard.supplier_id,
        scorecard.month,
        scorecard.otd_rate,
        scorecard.measured_po_lines,
        supplier_segments.otd_governance_threshold
    from scorecard
    inner join supplier_segments
        on scorecard.supplier_id = supplier_segments.supplier_id
    where
        supplier_segments.kraljic_segment = 'strategic'
        and scorecard.otd_rate is not null
),

otd_breaches as (
    select * from otd_months
    where otd_rate < otd_governance_threshold
),

{# A breach month ends a run when the N - 1 calendar months before it are breaches too. #}
otd_runs as (
    select
        otd_breaches.supplier_id,
        otd_breaches.month,
        otd_breaches.otd_rate,
        otd_breaches.otd_governance_threshold,
        count(*) as breach_months_in_run
    from otd_breaches
    cross join parameters
    inner join otd_breaches as earlier_breaches
        on
            otd_breaches.supplier_id = earlier_breaches.supplier_id
            and otd_breaches.month >= earlier_breaches.month
            and earlier_breaches.month > cast(
                {{ dbt.dateadd('month', '-1 * parameters.otd_alert_consecutive_months', 'otd_breaches.month') }}
                as date
            )
    group by
        otd_breaches.supplier_id,
        otd_breaches.month,
        otd_breaches.otd_rate,
        otd_breaches.otd_governance_threshold,
        parameters.otd_alert_consecutive_months
    having count(*) = parameters.otd_alert_consecutive_months
),

otd_alerts as (
    select
        'supplier_otd_changeover_review' as alert_type,
        otd_months.supplier_id as subject_id,
        otd_months.month,
        cast(otd_months.otd_rate as double) as value,
        cast(otd_months.otd_governance_threshold as double) as baseline,
        cast(
            (otd_months.otd_rate - otd_months.otd_governance_threshold)
            / nullif(otd_months.otd_governance_threshold, 0)
            as double
        ) as change_pct,
        parameters.otd_alert_severity as severity,
        cast(otd_months.measured_po_lines as double) as volume,
        otd_runs.supplier_id is not null as is_breach,
        otd_months.otd_rate >= otd_months.otd_governance_threshold as is_recovered
    from otd_months
    cross join parameters
    left join otd_runs
        on
            otd_months.supplier_id = otd_runs.supplier_id
            and otd_months.month = otd_runs.month
),

purchasing_group_months as (
    select
        purchasing_group,
        month,
        {{ exact_sum("spend") }} as spend,
        {{ exact_sum("maverick_spend") }} / nullif({{ exact_sum("spend") }}, 0) as maverick_share
    from maverick_spend
    group by purchasing_group, month
),

maverick_alerts as (
    select
        'maverick_share_above_tolerance' as alert_type,
        purchasing_group_months.purchasing_group as subject_id,
        purchasing_group_months.month,
        cast(purchasing_group_months.maverick_share as double) as value,
        cast(parameters.maverick_share_tolerance as double) as baseline,
        cast(
            (purchasing_group_months.maverick_share - parameters.maverick_share_tolerance)
            / nullif(parameters.maverick_share_tolerance, 0)
            as double
        ) as change_pct,
        parameters.maverick_alert_severity as severity,
        cast(purchasing_group_months.spend as double) as volume,
        purchasing_group_months.maverick_share > parameters.maverick_share_tolerance as is_breach,
        purchasing_group_months.maverick_share <= parameters.maverick_share_tolerance as is_recovered
    from purchasing_group_months
    cross join parameters
    where purchasing_group_months.maverick_share is not null
),

alerts as (
    select * from otd_alerts
    union all
    select * from maverick_alerts
)

select * from alerts
