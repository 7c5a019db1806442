{# One row per alert: the sourcing side's (supplier OTD changeover review, maverick share) and
   the serving side's (segment cost to serve above its baseline, POS demand shift). Cost
   alerts are not raised for an order month whose cost maturity is below the seed threshold
   (int_cost_maturity_month): its freight is still mostly estimated. #}
with

sourcing_alerts as (
    select * from {{ ref('int_sourcing_alerts') }}
),

serving_alerts as (
    select * from {{ ref('int_serving_alerts') }}
),

cost_maturity_months as (
    select * from {{ ref('int_cost_maturity_month') }}
),

mature_serving_alerts as (
    select serving_alerts.*
    from serving_alerts
    left join cost_maturity_months
        on serving_alerts.month = cost_maturity_months.month
    where
        serving_alerts.alert_type not like '%_segment_cts_above_baseline'
        or coalesce(cost_maturity_months.is_cost_mature, true)
),

alerts as (
    select
        'sourcing' as alert_domain,
        alert_type,
        subject_id,
        month,
        value,
        baseline,
        change_pct,
        severity
    from sourcing_alerts
    union all
    select
        'serving' as alert_domain,
        alert_type,
        subject_id,
        month,
        value,
        baseline,
        change_pct,
        severity
    from mature_serving_alerts
),

final as (
    select
        cast(
            {{ dbt.concat(["alert_type", "'|'", "subject_id", "'|'", "cast(month as " ~ dbt.type_string() ~ ")"]) }}
            as {{ dbt.type_string() }}
        ) as alert_id,
        cast(alert_domain as {{ dbt.type_string() }}) as alert_domain,
        cast(alert_type as {{ dbt.type_string() }}) as alert_type,
        cast(subject_id as {{ dbt.type_string() }}) as subject_id,
        cast(month as date) as month,
        cast(value as double) as value,
        cast(baseline as double) as baseline,
        cast(change_pct as double) as change_pct,
        cast(severity as {{ dbt.type_string() }}) as severity
    from alerts
)

select * from final
