{# One row per alert episode: the sourcing side's (supplier OTD changeover review, maverick
   share) and the serving side's (segment cost to serve above its baseline, POS demand shift,
   a customer segment's fuel erosion out of proportion to its revenue).
   The intermediate models judge each KPI month (breach, recovered, or neither); here:
   1. eligible_months - the one place that decides whether a judged month counts at all: its
      volume must reach the alert type's minimum (seed alert_minimum_volumes), and a cost
      alert's month (cost to serve, fuel erosion) must have mature costs
      (int_cost_maturity_month: its freight mostly invoiced, not estimated). A month left out here neither opens, extends nor closes an
      episode.
   2. an episode opens on the first breach month and stays open over later breach months (and
      months that are neither) until the first eligible month in which the KPI has recovered:
      that month is closed_month; an episode still open has closed_month null.
   alert_id (the episode id) = alert type | subject | month opened, stable while it stays open;
   value, baseline and change_pct are the opening month's, severity the highest while open. #}
with

sourcing_months as (
    select * from {{ ref('int_sourcing_alerts') }}
),

serving_months as (
    select * from {{ ref('int_serving_alerts') }}
),

minimum_volumes as (
    select * from {{ ref('alert_minimum_volumes') }}
),

cost_maturity_months as (
    select * from {{ ref('int_cost_maturity_month') }}
),

judged_months as (
    select
        'sourcing' as alert_domain,
        alert_type,
        subject_id,
        month,
        value,
        baseline,
        change_pct,
        severity,
        volume,
        is_breach,
        is_recovered
    from sourcing_months
    union all
    select
        'serving' as alert_domain,
        alert_type,
        subject_id,
        month,
        value,
        baseline,
        change_pct,
        severity,
        volume,
        is_breach,
        is_recovered
    from serving_months
),

eligible_months as (
    select judged_months.*
    from judged_months
    left join minimum_volumes
        on judged_months.alert_type = minimum_volumes.alert_type
    left join cost_maturity_months
        on judged_months.month = cost_maturity_months.month
    where
        coalesce(judged_months.volume, 0) >= coalesce(minimum_volumes.min_volume, 0)
        and (
            (
                judged_months.alert_type not like '%_segment_cts_above_baseline'
                and judged_months.alert_type != 'customer_segment_fuel_erosion'
            )
            or coalesce(cost_maturity_months.is_cost_mature, true)
        )
),

{# recoveries_so_far numbers the episodes of a subject: breach months between two recoveries
   share it, and the recovery that closes an episode carries the next number. #}
sequenced as (
    select
        eligible_months.*,
        sum(case when eligible_months.is_recovered then 1 else 0 end) over (
            partition by eligible_months.alert_type, eligible_months.subject_id
            order by eligible_months.month
            rows between unbounded preceding and current row
        ) as recoveries_so_far,
        case eligible_months.severity when 'high' then 3 when 'medium' then 2 else 1 end as severity_rank
    from eligible_months
),

episodes as (
    select
        alert_domain,
        alert_type,
        subject_id,
        recoveries_so_far,
        min(month) as opened_month,
        max(month) as last_breach_month,
        count(*) as breach_months,
        max(severity_rank) as severity_rank
    from sequenced
    where is_breach
    group by alert_domain, alert_type, subject_id, recoveries_so_far
),

recoveries as (
    select
        alert_type,
        subject_id,
        recoveries_so_far,
        month as recovered_month
    from sequenced
    where is_recovered
),

alerts as (
    select
        episodes.alert_domain,
        episodes.alert_type,
        episodes.subject_id,
        episodes.opened_month as month,
        opening.value,
        opening.baseline,
        opening.change_pct,
        case episodes.severity_rank when 3 then 'high' when 2 then 'medium' else 'low' end as severity,
        recoveries.recovered_month as closed_month,
        episodes.last_breach_month,
        episodes.breach_months,
        recoveries.recovered_month is null as is_open
    from episodes
    inner join sequenced as opening
        on
            episodes.alert_type = opening.alert_type
            and episodes.subject_id = opening.subject_id
            and episodes.opened_month = opening.month
    left join recoveries
        on
            episodes.alert_type = recoveries.alert_type
            and episodes.subject_id = recoveries.subject_id
            and episodes.recoveries_so_far + 1 = recoveries.recoveries_so_far
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
        cast(severity as {{ dbt.type_string() }}) as severity,
        cast(closed_month as date) as closed_month,
        cast(last_breach_month as date) as last_breach_month,
        cast(breach_months as integer) as breach_months,
        cast(is_open as boolean) as is_open
    from alerts
)

select * from final
