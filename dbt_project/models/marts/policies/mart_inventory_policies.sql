{# BI contract: one row per product x plant with the inventory policy of its official
   segment: cycle counts a year, the safety stock and reorder point recomputed from demand
   and lead-time variability, and the gap to the ERP's safety stock (EISBE). #}
with

inventory_policies as (
    select * from {{ ref('int_inventory_policies') }}
),

final as (
    select
        product_id,
        plant_id,
        product_segment,
        abc_class,
        cycle_counts_per_year,
        service_level,
        mean_daily_demand,
        demand_sd_daily,
        lead_time_basis,
        lead_time_mean_days,
        lead_time_sd_days,
        lead_time_cov,
        safety_stock_qty,
        reorder_point_qty,
        erp_safety_stock_qty,
        safety_stock_gap_qty,
        safety_stock_gap_pct
    from inventory_policies
)

select * from final
