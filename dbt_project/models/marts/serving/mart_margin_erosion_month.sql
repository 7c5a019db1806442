{# One row per customer segment x business unit (BU-CORE, BU-ORA, or ALL for both) x month
   whose previous month also has delivered lines: the net margin change month over month
   attributed to volume, mix, price, fuel, freight base rates and other costs, components
   adding up to the change (int_margin_erosion_month, docs/margin-erosion.md), with the
   segment's share of the month's revenue and of the margin fuel took. fuel_index = the month's
   index (seed fuel_index_month, illustrative). The alert customer_segment_fuel_erosion
   (mart_kpi_alerts) compares the two shares. #}
with

erosion as (
    select * from {{ ref('int_margin_erosion_month') }}
),

fuel_index as (
    select * from {{ ref('fuel_index_month') }}
),

final as (
    select
        cast(customer_segment as {{ dbt.type_string() }}) as customer_segment,
        cast(business_unit as {{ dbt.type_string() }}) as business_unit,
        cast(erosion.month as date) as month,
        cast(fuel_index.fuel_index as double) as fuel_index,
        cast(revenue as double) as revenue,
        cast(previous_net_margin as double) as previous_net_margin,
        cast(net_margin as double) as net_margin,
        cast(margin_change as double) as margin_change,
        cast(volume_index as double) as volume_index,
        cast(volume_effect as double) as volume_effect,
        cast(mix_effect as double) as mix_effect,
        cast(price_effect as double) as price_effect,
        cast(fuel_effect as double) as fuel_effect,
        cast(freight_base_effect as double) as freight_base_effect,
        cast(other_cost_effect as double) as other_cost_effect,
        cast(fuel_erosion as double) as fuel_erosion,
        cast(revenue_share as double) as revenue_share,
        cast(fuel_erosion_share as double) as fuel_erosion_share
    from erosion
    left join fuel_index
        on erosion.month = fuel_index.month
)

select * from final
