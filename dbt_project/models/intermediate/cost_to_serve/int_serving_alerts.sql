{# The serving side's alert KPIs, one row per alert type, subject and month judged, in the
   columns of mart_kpi_alerts plus `volume` (what the seed alert_minimum_volumes compares),
   `is_breach` (the KPI is beyond its threshold) and `is_recovered` (it is back within it).
   mart_kpi_alerts applies the minimum volumes and turns breaches into episodes:
   - <segment type>_segment_cts_above_baseline: a product or customer segment whose cost to
     serve as % of revenue in a month is more than the seed threshold (5 %) above, relatively,
     the mean of its previous N calendar months' values (seed, 3; all N must have a value);
     value = the month's %, baseline = that mean; volume = the month's revenue.
   - pos_demand_shift: a product whose POS sell-out over the recent weeks (seed, 4 x 7 days
     ending on the as-of date) changed, per week, by more than the seed threshold (30 %) either
     way against its weekly average over the baseline weeks before (seed, 12); value and
     baseline are weekly quantities; month = the as-of month; volume = the baseline weekly
     quantity (products selling less than the seed's minimum per week are not judged).
   - customer_segment_fuel_erosion: a customer segment whose share of the margin fuel took in
     a month (both business units, int_margin_erosion_month) is more than the seed factor
     (1.5) times its share of the month's revenue; exactly at the factor is no breach;
     value = the fuel erosion share, baseline = the revenue share; high above the seed's high
     factor (2.5); volume = the month's revenue; months where fuel took no margin overall
     (fuel_erosion_share null) are not judged.
   change_pct = (value - baseline) / baseline; severity high above the seed's high excess,
   else medium (the vocabulary of the sourcing alerts). #}
with

segment_months as (
    select * from {{ ref('int_segment_month_financials') }}
),

pos_sell_out_days as (
    select * from {{ ref('int_pos_sell_out_day') }}
),

parameters as (
    select * from {{ ref('serving_alert_parameters') }}
),

as_of as (
    select * from {{ ref('int_as_of') }}
),

margin_erosion as (
    select * from {{ ref('int_margin_erosion_month') }}
),

indexed_months as (
    select
        segment_type,
        segment,
        month,
        revenue,
        cost_to_serve_pct,
        {# a month number that steps by 1 across year ends, for "the previous N months" #}
        extract(year from month) * 12 + extract(month from month) as month_index
    from segment_months
    where cost_to_serve_pct is not null
),

cts_baselines as (
    select
        indexed_months.segment_type,
        indexed_months.segment,
        indexed_months.month,
        indexed_months.cost_to_serve_pct as value,
        indexed_months.revenue as volume,
        {{ exact_avg("previous_months.cost_to_serve_pct") }} as baseline,
        parameters.cts_alert_threshold_pct,
        parameters.cts_alert_high_pct
    from indexed_months
    cross join parameters
    inner join indexed_months as previous_months
        on
            indexed_months.segment_type = previous_months.segment_type
            and indexed_months.segment = previous_months.segment
            and previous_months.month_index >= indexed_months.month_index - parameters.cts_baseline_months
            and indexed_months.month_index > previous_months.month_index
    group by
        indexed_months.segment_type,
        indexed_months.segment,
        indexed_months.month,
        indexed_months.cost_to_serve_pct,
        indexed_months.revenue,
        parameters.cts_baseline_months,
        parameters.cts_alert_threshold_pct,
        parameters.cts_alert_high_pct
    having count(*) = parameters.cts_baseline_months
),

cts_alerts as (
    select
        segment_type || '_segment_cts_above_baseline' as alert_type,
        segment as subject_id,
        month,
        value,
        baseline,
        (value - baseline) / baseline as change_pct,
        case
            when (value - baseline) / baseline > cts_alert_high_pct then 'high'
            else 'medium'
        end as severity,
        cast(volume as double) as volume,
        (value - baseline) / baseline > cts_alert_threshold_pct as is_breach,
        (value - baseline) / baseline <= cts_alert_threshold_pct as is_recovered
    from cts_baselines
    where baseline > 0
),

pos_days as (
    {# the daily POS summary: whole units, so its integer sums add up to the lines' exactly #}
    select
        pos_sell_out_days.product_id,
        cast(pos_sell_out_days.sold_qty as double) as quantity,
        {{ dbt.datediff('pos_sell_out_days.sold_local_date', 'as_of.as_of_date', 'day') }}
            as days_before_as_of
    from pos_sell_out_days
    cross join as_of
    where
        pos_sell_out_days.product_id != 'UNKNOWN'
        and pos_sell_out_days.sold_local_date <= as_of.as_of_date
),

pos_windows as (
    select
        pos_days.product_id,
        {% call exact_sum() %}
            case
                when pos_days.days_before_as_of < 7 * parameters.demand_shift_recent_weeks
                    then pos_days.quantity
                else 0.0
            end
        {% endcall %} / parameters.demand_shift_recent_weeks as value,
        {% call exact_sum() %}
            case
                when pos_days.days_before_as_of >= 7 * parameters.demand_shift_recent_weeks
                    then pos_days.quantity
                else 0.0
            end
        {% endcall %} / parameters.demand_shift_baseline_weeks as baseline,
        parameters.demand_shift_threshold_pct,
        parameters.demand_shift_high_pct
    from pos_days
    cross join parameters
    where
        pos_days.days_before_as_of
        < 7 * (parameters.demand_shift_recent_weeks + parameters.demand_shift_baseline_weeks)
    group by
        pos_days.product_id,
        parameters.demand_shift_recent_weeks,
        parameters.demand_shift_baseline_weeks,
        parameters.demand_shift_threshold_pct,
        parameters.demand_shift_high_pct
),

demand_shift_alerts as (
    select
        'pos_demand_shift' as alert_type,
        pos_windows.product_id as subject_id,
        cast({{ dbt.date_trunc('month', 'as_of.as_of_date') }} as date) as month,
        pos_windows.value,
        pos_windows.baseline,
        (pos_windows.value - pos_windows.baseline) / pos_windows.baseline as change_pct,
        case
            when
                abs((pos_windows.value - pos_windows.baseline) / pos_windows.baseline)
                > pos_windows.demand_shift_high_pct
                then 'high'
            else 'medium'
        end as severity,
        pos_windows.baseline as volume,
        abs((pos_windows.value - pos_windows.baseline) / pos_windows.baseline)
        > pos_windows.demand_shift_threshold_pct as is_breach,
        abs((pos_windows.value - pos_windows.baseline) / pos_windows.baseline)
        <= pos_windows.demand_shift_threshold_pct as is_recovered
    from pos_windows
    cross join as_of
    where pos_windows.baseline > 0
),

fuel_erosion_alerts as (
    select
        'customer_segment_fuel_erosion' as alert_type,
        margin_erosion.customer_segment as subject_id,
        margin_erosion.month,
        margin_erosion.fuel_erosion_share as value,
        margin_erosion.revenue_share as baseline,
        (margin_erosion.fuel_erosion_share - margin_erosion.revenue_share)
        / margin_erosion.revenue_share as change_pct,
        case
            when
                margin_erosion.fuel_erosion_share
                > parameters.fuel_erosion_high_factor * margin_erosion.revenue_share
                then 'high'
            else 'medium'
        end as severity,
        cast(margin_erosion.revenue as double) as volume,
        margin_erosion.fuel_erosion_share
        > parameters.fuel_erosion_alert_factor * margin_erosion.revenue_share as is_breach,
        margin_erosion.fuel_erosion_share
        <= parameters.fuel_erosion_alert_factor * margin_erosion.revenue_share as is_recovered
    from margin_erosion
    cross join parameters
    where
        margin_erosion.business_unit = 'ALL'
        and margin_erosion.fuel_erosion_share is not null
        and margin_erosion.revenue_share > 0
),

alerts as (
    select * from cts_alerts
    union all
    select * from demand_shift_alerts
    union all
    select * from fuel_erosion_alerts
)

select * from alerts
