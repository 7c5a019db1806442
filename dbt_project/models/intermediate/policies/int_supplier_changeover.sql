{# Changeover governance: one row per supplier with a scorecard month. The benchmark is the
   OTD governance threshold of the supplier's OFFICIAL segment as of the as-of date (seed
   supplier_segment_policies). months_below counts the consecutive calendar months ending
   with the latest scorecard month (up to the as-of date) whose OTD is below it; a month
   without a measured OTD, or missing, ends the run. The review is due at the seed's N
   consecutive months (sourcing_action_parameters), not at N - 1. #}
with

scorecard as (
    select * from {{ ref('int_supplier_scorecard_month') }}
),

trailing_window as (
    select * from {{ ref('int_trailing_window') }}
),

official_segments as (
    select * from {{ ref('int_official_segments_as_of') }}
),

segment_policies as (
    select * from {{ ref('supplier_segment_policies') }}
),

parameters as (
    select * from {{ ref('sourcing_action_parameters') }}
),

supplier_benchmarks as (
    select
        official_segments.entity_id as supplier_id,
        official_segments.official_segment as supplier_segment,
        segment_policies.otd_governance_threshold as otd_benchmark
    from official_segments
    inner join segment_policies
        on official_segments.official_segment = segment_policies.kraljic_segment
    where official_segments.entity_type = 'supplier'
),

months as (
    select
        scorecard.supplier_id,
        scorecard.month,
        scorecard.otd_rate,
        extract(year from scorecard.month) * 12 + extract(month from scorecard.month)
            as month_number
    from scorecard
    cross join trailing_window
    where scorecard.month <= trailing_window.as_of_date
),

latest_month as (
    select
        max(month) as month,
        max(month_number) as month_number
    from months
),

below as (
    select
        months.supplier_id,
        months.month_number,
        months.month_number - row_number() over (
            partition by months.supplier_id order by months.month_number
        ) as run_id
    from months
    inner join supplier_benchmarks
        on months.supplier_id = supplier_benchmarks.supplier_id
    where months.otd_rate < supplier_benchmarks.otd_benchmark
),

scored_suppliers as (
    select distinct supplier_id
    from months
),

runs as (
    select
        supplier_id,
        max(month_number) as last_month_number,
        count(*) as run_months
    from below
    group by supplier_id, run_id
),

final as (
    select
        supplier_benchmarks.supplier_id,
        supplier_benchmarks.supplier_segment,
        supplier_benchmarks.otd_benchmark,
        latest_month.month as latest_month,
        latest.otd_rate as latest_otd_rate,
        coalesce(runs.run_months, 0) as months_below,
        parameters.changeover_consecutive_months,
        coalesce(runs.run_months, 0) >= parameters.changeover_consecutive_months
            as is_changeover_due
    from supplier_benchmarks
    cross join latest_month
    cross join parameters
    inner join scored_suppliers
        on supplier_benchmarks.supplier_id = scored_suppliers.supplier_id
    left join months as latest
        on
            supplier_benchmarks.supplier_id = latest.supplier_id
            and latest_month.month_number = latest.month_number
    left join runs
        on
            supplier_benchmarks.supplier_id = runs.supplier_id
            and latest_month.month_number = runs.last_month_number
)

select * from final
