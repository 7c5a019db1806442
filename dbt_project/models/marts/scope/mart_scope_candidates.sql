{# BI contract: one row per pilot candidate - every business unit and every product line
   (category) - ranked within its type by a score of revenue impact and supply complexity
   over the trailing 12 months (int_trailing_window), on every landed line whatever the
   current pilot scope. Each criterion is scaled to [0, 1] as its value over the largest of
   the candidate's type (0 without any), and the score is the weighted sum with the weights of
   seed scope_candidate_weights: revenue (net sales, not cancelled), suppliers (distinct
   suppliers of PO lines not deleted), SKUs (distinct products sold or bought), demand
   variability (mean XYZ CoV of those products, launch products included) and lead-time
   variability (CoV of the actual lead time of received PO lines, outliers excluded). #}
with

sales_order_lines as (
    select * from {{ ref('int_sales_order_lines_unscoped') }}
),

purchase_order_lines as (
    select * from {{ ref('int_purchase_order_lines_unscoped') }}
),

products as (
    select
        product_id,
        category
    from {{ ref('dim_product') }}
),

demand_xyz as (
    select * from {{ ref('int_product_demand_xyz') }}
),

trailing_window as (
    select * from {{ ref('int_trailing_window') }}
),

weights as (
    select * from {{ ref('scope_candidate_weights') }}
),

{# One row per candidate a line belongs to: its business unit and its product's category. #}
sales_in_window as (
    select
        sales_order_lines.business_unit,
        coalesce(products.category, 'UNCLASSIFIED') as category,
        sales_order_lines.product_id,
        sales_order_lines.net_value_rc
    from sales_order_lines
    cross join trailing_window
    left join products
        on sales_order_lines.product_id = products.product_id
    where
        not sales_order_lines.is_cancelled
        and sales_order_lines.order_date >= trailing_window.trailing_12m_start_date
        and sales_order_lines.order_date <= trailing_window.as_of_date
),

purchases_in_window as (
    select
        purchase_order_lines.business_unit,
        coalesce(products.category, 'UNCLASSIFIED') as category,
        purchase_order_lines.product_id,
        purchase_order_lines.supplier_id,
        case
            when not coalesce(purchase_order_lines.is_lead_time_outlier, false)
                then cast(purchase_order_lines.actual_lead_time_days as double)
        end as lead_time_days
    from purchase_order_lines
    cross join trailing_window
    left join products
        on purchase_order_lines.product_id = products.product_id
    where
        not purchase_order_lines.is_deleted
        and purchase_order_lines.po_date >= trailing_window.trailing_12m_start_date
        and purchase_order_lines.po_date <= trailing_window.as_of_date
),

sales_by_candidate as (
    select
        'business_unit' as candidate_type,
        business_unit as candidate,
        product_id,
        net_value_rc
    from sales_in_window
    union all
    select
        'category' as candidate_type,
        category as candidate,
        product_id,
        net_value_rc
    from sales_in_window
),

purchases_by_candidate as (
    select
        'business_unit' as candidate_type,
        business_unit as candidate,
        product_id,
        supplier_id,
        lead_time_days
    from purchases_in_window
    union all
    select
        'category' as candidate_type,
        category as candidate,
        product_id,
        supplier_id,
        lead_time_days
    from purchases_in_window
),

candidate_products as (
    select
        candidate_type,
        candidate,
        product_id
    from sales_by_candidate
    union
    select
        candidate_type,
        candidate,
        product_id
    from purchases_by_candidate
),

revenue as (
    select
        candidate_type,
        candidate,
        {{ exact_sum("net_value_rc") }} as revenue_12m
    from sales_by_candidate
    group by candidate_type, candidate
),

supply as (
    select
        candidate_type,
        candidate,
        count(distinct supplier_id) as supplier_count,
        {{ exact_avg("lead_time_days") }} as mean_lead_time_days,
        {{ exact_stddev_pop("lead_time_days") }} as stddev_lead_time_days
    from purchases_by_candidate
    group by candidate_type, candidate
),

demand as (
    select
        candidate_products.candidate_type,
        candidate_products.candidate,
        count(*) as sku_count,
        {{ exact_avg("demand_xyz.demand_cov_52w") }} as mean_demand_cov_52w
    from candidate_products
    left join demand_xyz
        on candidate_products.product_id = demand_xyz.product_id
    group by candidate_products.candidate_type, candidate_products.candidate
),

{# The CoV is rounded to 9 decimals (as the XYZ CoV) so both engines publish the same value. #}
measured as (
    select
        demand.candidate_type,
        demand.candidate,
        coalesce(revenue.revenue_12m, 0) as revenue_12m,
        coalesce(supply.supplier_count, 0) as supplier_count,
        demand.sku_count,
        round(demand.mean_demand_cov_52w, 9) as mean_demand_cov_52w,
        case
            when supply.mean_lead_time_days > 0
                then round(supply.stddev_lead_time_days / supply.mean_lead_time_days, 9)
        end as lead_time_cov
    from demand
    left join revenue
        on
            demand.candidate_type = revenue.candidate_type
            and demand.candidate = revenue.candidate
    left join supply
        on
            demand.candidate_type = supply.candidate_type
            and demand.candidate = supply.candidate
),

maxima as (
    select
        *,
        max(revenue_12m) over (partition by candidate_type) as max_revenue,
        max(supplier_count) over (partition by candidate_type) as max_suppliers,
        max(sku_count) over (partition by candidate_type) as max_skus,
        max(mean_demand_cov_52w) over (partition by candidate_type) as max_demand_cov,
        max(lead_time_cov) over (partition by candidate_type) as max_lead_time_cov
    from measured
),

{# A criterion without a positive maximum scales to 0. #}
scaled as (
    select
        candidate_type,
        candidate,
        revenue_12m,
        supplier_count,
        sku_count,
        mean_demand_cov_52w,
        lead_time_cov,
        case when max_revenue > 0 then revenue_12m / max_revenue else 0 end as revenue_scaled,
        case when max_suppliers > 0 then cast(supplier_count as double) / max_suppliers else 0 end
            as suppliers_scaled,
        case when max_skus > 0 then cast(sku_count as double) / max_skus else 0 end as skus_scaled,
        case when max_demand_cov > 0 then coalesce(mean_demand_cov_52w, 0) / max_demand_cov else 0 end
            as demand_variability_scaled,
        case when max_lead_time_cov > 0 then coalesce(lead_time_cov, 0) / max_lead_time_cov else 0 end
            as lead_time_variability_scaled
    from maxima
),

weight_row as (
    select
        {{ exact_sum("case when criterion = 'revenue' then weight else 0 end") }} as weight_revenue,
        {{ exact_sum("case when criterion = 'suppliers' then weight else 0 end") }} as weight_suppliers,
        {{ exact_sum("case when criterion = 'skus' then weight else 0 end") }} as weight_skus,
        {{ exact_sum("case when criterion = 'demand_variability' then weight else 0 end") }}
            as weight_demand_variability,
        {{ exact_sum("case when criterion = 'lead_time_variability' then weight else 0 end") }}
            as weight_lead_time_variability
    from weights
),

scored as (
    select
        scaled.*,
        round(
            weight_row.weight_revenue * scaled.revenue_scaled
            + weight_row.weight_suppliers * scaled.suppliers_scaled
            + weight_row.weight_skus * scaled.skus_scaled
            + weight_row.weight_demand_variability * scaled.demand_variability_scaled
            + weight_row.weight_lead_time_variability * scaled.lead_time_variability_scaled,
            9
        ) as candidate_score
    from scaled
    cross join weight_row
),

final as (
    select
        cast(candidate_type as {{ dbt.type_string() }}) as candidate_type,
        cast(candidate as {{ dbt.type_string() }}) as candidate,
        cast(
            row_number() over (partition by candidate_type order by candidate_score desc, candidate asc)
            as bigint
        ) as candidate_rank,
        candidate_score,
        revenue_12m,
        cast(supplier_count as bigint) as supplier_count,
        cast(sku_count as bigint) as sku_count,
        mean_demand_cov_52w,
        lead_time_cov,
        round(revenue_scaled, 9) as revenue_scaled,
        round(suppliers_scaled, 9) as suppliers_scaled,
        round(skus_scaled, 9) as skus_scaled,
        round(demand_variability_scaled, 9) as demand_variability_scaled,
        round(lead_time_variability_scaled, 9) as lead_time_variability_scaled
    from scored
)

select * from final
