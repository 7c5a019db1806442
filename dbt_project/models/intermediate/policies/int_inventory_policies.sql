{# Inventory policy per product x plant of the product-plant master (the unknown product
   left out), by the ABC class of the product's OFFICIAL segment as of the as-of date (seed
   inventory_policy_parameters; unassigned without one).
   Daily demand over the trailing 12-month window (every day counts, days without demand as
   0): sales demand (ordered quantity of sales order lines not cancelled, by order date) or,
   for products judged by consumption (seed product_demand_basis), received quantity (101,
   102, 122) by posting date, both at the plant. Lead time: the actual lead times of the
   window's received PO lines at the plant (outliers left out) when at least two are
   measured, else the master's effective lead time (planned or imputed) with no variability.
   Safety stock = z x sqrt(LT x sigma_d^2 + d^2 x sigma_LT^2); reorder point = d x LT + safety
   stock; the gap is against the ERP's safety stock (EISBE). Cycle counts a year: the class's
   rule with the greatest min_lead_time_cov at or below the lead-time CoV. #}
with

product_plants as (
    select * from {{ ref('dim_product_plant') }}
),

products as (
    select * from {{ ref('dim_product') }}
),

demand_bases as (
    select * from {{ ref('product_demand_basis') }}
),

sales_order_lines as (
    select * from {{ ref('fct_sales_order_lines') }}
),

goods_receipts as (
    select * from {{ ref('fct_goods_receipts') }}
),

purchase_order_lines as (
    select * from {{ ref('fct_purchase_order_lines') }}
),

trailing_window as (
    select * from {{ ref('int_trailing_window') }}
),

official_segments as (
    select * from {{ ref('int_official_segments_as_of') }}
),

policy as (
    select * from {{ ref('inventory_policy_parameters') }}
),

product_bases as (
    select
        products.product_id,
        coalesce(demand_bases.demand_basis, 'sales') as demand_basis
    from products
    left join demand_bases
        on upper(products.material_type) = upper(demand_bases.material_type)
),

demand_rows as (
    select
        sales_order_lines.product_id,
        sales_order_lines.plant_id,
        sales_order_lines.order_date as demand_date,
        cast(sales_order_lines.ordered_qty as double) as demand_qty
    from sales_order_lines
    cross join trailing_window
    left join product_bases
        on sales_order_lines.product_id = product_bases.product_id
    where
        not sales_order_lines.is_cancelled
        and coalesce(product_bases.demand_basis, 'sales') = 'sales'
        and sales_order_lines.order_date >= trailing_window.trailing_12m_start_date
        and sales_order_lines.order_date <= trailing_window.as_of_date
    union all
    select
        goods_receipts.product_id,
        goods_receipts.plant_id,
        goods_receipts.posting_date as demand_date,
        cast(goods_receipts.quantity as double) as demand_qty
    from goods_receipts
    cross join trailing_window
    inner join product_bases
        on goods_receipts.product_id = product_bases.product_id
    where
        product_bases.demand_basis = 'consumption'
        and goods_receipts.movement_type in ('101', '102', '122')
        and goods_receipts.posting_date >= trailing_window.trailing_12m_start_date
        and goods_receipts.posting_date <= trailing_window.as_of_date
),

daily_demand as (
    select
        product_id,
        plant_id,
        demand_date,
        {{ exact_sum("demand_qty") }} as demand_qty
    from demand_rows
    group by product_id, plant_id, demand_date
),

demand_sums as (
    select
        product_id,
        plant_id,
        {{ exact_sum("demand_qty") }} as demand_qty_12m,
        {{ exact_sum("demand_qty * demand_qty") }} as demand_qty_squares
    from daily_demand
    group by product_id, plant_id
),

lead_times as (
    select
        purchase_order_lines.product_id,
        purchase_order_lines.plant_id,
        count(purchase_order_lines.actual_lead_time_days) as lead_time_lines,
        {{ exact_avg("purchase_order_lines.actual_lead_time_days") }} as lead_time_mean_days,
        {{ exact_stddev_pop("purchase_order_lines.actual_lead_time_days") }}
            as lead_time_sd_days
    from purchase_order_lines
    cross join trailing_window
    where
        not purchase_order_lines.is_deleted
        and not purchase_order_lines.is_lead_time_outlier
        and purchase_order_lines.actual_lead_time_days is not null
        and purchase_order_lines.po_date >= trailing_window.trailing_12m_start_date
        and purchase_order_lines.po_date <= trailing_window.as_of_date
    group by purchase_order_lines.product_id, purchase_order_lines.plant_id
),

product_classes as (
    select
        official_segments.entity_id as product_id,
        official_segments.official_segment as product_segment,
        substring(official_segments.official_segment, 1, 1) as abc_class
    from official_segments
    where
        official_segments.entity_type = 'product'
        and substring(official_segments.official_segment, 1, 1) in ('A', 'B', 'C')
),

measures as (
    select
        product_plants.product_id,
        product_plants.plant_id,
        coalesce(product_classes.product_segment, 'unassigned') as product_segment,
        coalesce(product_classes.abc_class, 'unassigned') as abc_class,
        coalesce(demand_sums.demand_qty_12m, 0) / trailing_window.trailing_12m_days
            as mean_daily_demand,
        greatest(
            coalesce(demand_sums.demand_qty_squares, 0) / trailing_window.trailing_12m_days
            - power(coalesce(demand_sums.demand_qty_12m, 0) / trailing_window.trailing_12m_days, 2),
            0.0
        ) as demand_var_daily,
        case
            when lead_times.lead_time_lines >= 2 then 'measured'
            else product_plants.lead_time_source
        end as lead_time_basis,
        case
            when lead_times.lead_time_lines >= 2 then lead_times.lead_time_mean_days
            else product_plants.effective_lead_time_days
        end as lead_time_mean_days,
        case
            when lead_times.lead_time_lines >= 2 then lead_times.lead_time_sd_days
            when product_plants.effective_lead_time_days is not null then 0.0
        end as lead_time_sd_days,
        product_plants.safety_stock_qty as erp_safety_stock_qty
    from product_plants
    cross join trailing_window
    left join product_classes
        on product_plants.product_id = product_classes.product_id
    left join demand_sums
        on
            product_plants.product_id = demand_sums.product_id
            and product_plants.plant_id = demand_sums.plant_id
    left join lead_times
        on
            product_plants.product_id = lead_times.product_id
            and product_plants.plant_id = lead_times.plant_id
    where product_plants.product_id <> 'UNKNOWN'
),

with_cov as (
    select
        measures.*,
        sqrt(measures.demand_var_daily) as demand_sd_daily,
        case
            when measures.lead_time_mean_days > 0
                then measures.lead_time_sd_days / measures.lead_time_mean_days
        end as lead_time_cov
    from measures
),

matched_rules as (
    select
        with_cov.product_id,
        with_cov.plant_id,
        policy.service_level,
        policy.service_z,
        policy.cycle_counts_per_year,
        row_number() over (
            partition by with_cov.product_id, with_cov.plant_id
            order by policy.min_lead_time_cov desc
        ) as rule_rank
    from with_cov
    inner join policy
        on
            with_cov.abc_class = policy.abc_class
            and coalesce(with_cov.lead_time_cov, 0) >= policy.min_lead_time_cov
),

final as (
    select
        with_cov.*,
        matched_rules.service_level,
        matched_rules.service_z,
        matched_rules.cycle_counts_per_year,
        matched_rules.service_z * sqrt(
            with_cov.lead_time_mean_days * with_cov.demand_var_daily
            + power(with_cov.mean_daily_demand, 2) * power(with_cov.lead_time_sd_days, 2)
        ) as safety_stock_qty
    from with_cov
    left join matched_rules
        on
            with_cov.product_id = matched_rules.product_id
            and with_cov.plant_id = matched_rules.plant_id
            and matched_rules.rule_rank = 1
)

select
    final.*,
    final.mean_daily_demand * final.lead_time_mean_days + final.safety_stock_qty
        as reorder_point_qty,
    final.safety_stock_qty - final.erp_safety_stock_qty as safety_stock_gap_qty,
    case
        when final.erp_safety_stock_qty > 0
            then (final.safety_stock_qty - final.erp_safety_stock_qty) / final.erp_safety_stock_qty
    end as safety_stock_gap_pct
from final
