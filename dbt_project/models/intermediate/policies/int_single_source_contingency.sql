{# Contingency of single-sourced materials in high-impact supplier segments: one row per
   material bought (trailing 12 months, lines not deleted) from exactly one supplier whose
   OFFICIAL segment as of the as-of date is strategic or bottleneck. Weeks of cover = stock
   on hand (all plants, latest snapshot up to the as-of date) / mean weekly demand (52
   weeks); required cover = mean lead time + z x its standard deviation (received lines of
   the window, outliers left out), in weeks. A qualified alternate (seed, qualified by the
   as-of date) is activated when cover falls short; without one a second source is to be
   qualified. The dual-sourcing premium moves the seed's volume share of the 12-month spend
   at the alternate's premium (the default premium without one). #}
with

purchase_order_lines as (
    select * from {{ ref('fct_purchase_order_lines') }}
),

trailing_window as (
    select * from {{ ref('int_trailing_window') }}
),

official_segments as (
    select * from {{ ref('int_official_segments_as_of') }}
),

demand as (
    select * from {{ ref('int_product_demand_xyz') }}
),

stock_snapshots as (
    select * from {{ ref('fct_stock_snapshots') }}
),

alternates as (
    select * from {{ ref('qualified_alternates') }}
),

parameters as (
    select * from {{ ref('sourcing_action_parameters') }}
),

supplier_segments as (
    select
        official_segments.entity_id as supplier_id,
        official_segments.official_segment as supplier_segment
    from official_segments
    where official_segments.entity_type = 'supplier'
),

lines_in_window as (
    select purchase_order_lines.*
    from purchase_order_lines
    cross join trailing_window
    where
        not purchase_order_lines.is_deleted
        and purchase_order_lines.product_id <> 'UNKNOWN'
        and purchase_order_lines.po_date <= trailing_window.as_of_date
        and purchase_order_lines.po_date >= trailing_window.trailing_12m_start_date
),

materials as (
    select
        product_id,
        min(supplier_id) as supplier_id,
        count(distinct supplier_id) as supplier_count,
        {{ exact_sum("po_value_rc") }} as spend_12m,
        {{ exact_avg("case when not is_lead_time_outlier then actual_lead_time_days end") }}
            as lead_time_mean_days,
        {{ exact_stddev_pop("case when not is_lead_time_outlier then actual_lead_time_days end") }}
            as lead_time_sd_days,
        count(case when not is_lead_time_outlier then actual_lead_time_days end)
            as lead_time_lines
    from lines_in_window
    group by product_id
),

latest_stock_date as (
    select max(stock_snapshots.snapshot_date) as snapshot_date
    from stock_snapshots
    cross join trailing_window
    where stock_snapshots.snapshot_date <= trailing_window.as_of_date
),

stock as (
    select
        stock_snapshots.product_id,
        {{ exact_sum("stock_snapshots.total_qty") }} as stock_qty
    from stock_snapshots
    inner join latest_stock_date
        on stock_snapshots.snapshot_date = latest_stock_date.snapshot_date
    group by stock_snapshots.product_id
),

qualified as (
    select
        alternates.product_id,
        alternates.alternate_supplier_id,
        alternates.price_premium_pct,
        row_number() over (
            partition by alternates.product_id
            order by alternates.price_premium_pct, alternates.alternate_supplier_id
        ) as alternate_rank
    from alternates
    cross join trailing_window
    where alternates.qualified_on <= trailing_window.as_of_date
),

measured as (
    select
        materials.product_id,
        materials.supplier_id,
        supplier_segments.supplier_segment,
        materials.spend_12m,
        coalesce(stock.stock_qty, 0) as stock_qty,
        demand.mean_weekly_demand,
        case
            when demand.mean_weekly_demand > 0
                then coalesce(stock.stock_qty, 0) / demand.mean_weekly_demand
        end as weeks_of_cover,
        materials.lead_time_mean_days / 7.0 as lead_time_mean_weeks,
        materials.lead_time_sd_days / 7.0 as lead_time_sd_weeks,
        (materials.lead_time_mean_days + parameters.cover_service_z * materials.lead_time_sd_days)
        / 7.0 as required_cover_weeks,
        qualified.alternate_supplier_id,
        coalesce(qualified.price_premium_pct, parameters.default_dual_source_premium_pct)
            as premium_pct,
        parameters.dual_source_volume_share
    from materials
    inner join supplier_segments
        on materials.supplier_id = supplier_segments.supplier_id
    cross join parameters
    left join stock
        on materials.product_id = stock.product_id
    left join demand
        on materials.product_id = demand.product_id
    left join qualified
        on
            materials.product_id = qualified.product_id
            and qualified.alternate_rank = 1
    where
        materials.supplier_count = 1
        and supplier_segments.supplier_segment in ('strategic', 'bottleneck')
),

final as (
    select
        product_id,
        supplier_id,
        supplier_segment,
        spend_12m,
        stock_qty,
        mean_weekly_demand,
        weeks_of_cover,
        lead_time_mean_weeks,
        lead_time_sd_weeks,
        required_cover_weeks,
        alternate_supplier_id,
        case
            when required_cover_weeks is null then 'lead_time_not_measured'
            when weeks_of_cover is null then 'no_demand'
            when weeks_of_cover >= required_cover_weeks then 'covered'
            when alternate_supplier_id is not null then 'alternate_qualified'
            else 'exposed'
        end as contingency_status,
        case
            when weeks_of_cover < required_cover_weeks and alternate_supplier_id is not null
                then 'activate_qualified_alternate'
            when weeks_of_cover < required_cover_weeks then 'qualify_second_source'
        end as recommendation,
        case
            when weeks_of_cover < required_cover_weeks
                then spend_12m * dual_source_volume_share * premium_pct
        end as dual_source_cost_premium
    from measured
)

select * from final
