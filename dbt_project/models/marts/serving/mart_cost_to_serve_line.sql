{# One row per delivered sales order line: activity-based cost to serve in the reporting
   currency, unrounded (BI rounds for display). freight = invoiced + accrued freight; a line
   whose shipment has no freight invoiced yet carries an estimate (is_accrued).
   Incremental on DuckDB, with the lines int_cost_to_serve_lines recomputes. #}
{{ fact_delta_config() }}
{%- set delta = fact_delta_watermark('mart_cost_to_serve_line') %}
with{{ delta_keys_cte(delta) }}

cost_to_serve_lines as (
    select * from {{ ref('int_cost_to_serve_lines') }}
    where {{ in_fact_delta('mart_cost_to_serve_line', delta, 'int_cost_to_serve_lines') }}
),

final as (
    select
        cast(sales_order_id as {{ dbt.type_string() }}) as sales_order_id,
        cast(sales_order_item as {{ dbt.type_string() }}) as sales_order_item,
        cast(customer_id as {{ dbt.type_string() }}) as customer_id,
        cast(product_id as {{ dbt.type_string() }}) as product_id,
        cast(plant_id as {{ dbt.type_string() }}) as plant_id,
        cast(channel as {{ dbt.type_string() }}) as channel,
        cast(order_date as date) as order_date,
        cast(order_month as date) as order_month,
        cast(ordered_qty as double) as ordered_qty,
        cast(delivered_qty as double) as delivered_qty,
        cast(delivery_item_count as bigint) as delivery_item_count,
        cast(delivered_weight_kg as double) as delivered_weight_kg,
        cast(revenue as double) as revenue,
        cast(cogs as double) as cogs,
        cast(freight as double) as freight,
        cast(invoiced_freight as double) as invoiced_freight,
        cast(accrued_freight as double) as accrued_freight,
        cast(is_accrued as boolean) as is_accrued,
        cast(expediting as double) as expediting,
        cast(returns as double) as returns,
        cast(handling as double) as handling,
        cast(order_processing as double) as order_processing,
        cast(shared_overhead as double) as shared_overhead,
        cast(cost_to_serve as double) as cost_to_serve,
        cast(net_margin as double) as net_margin,
        cast(has_standard_cost as boolean) as has_standard_cost
    from cost_to_serve_lines
),

business_units as (
    select
        sales_order_id,
        sales_order_item,
        source_system,
        business_unit
    from {{ ref('fct_sales_order_lines') }}
),

with_business_unit as (
    select
        final.*,
        cast(business_units.source_system as {{ dbt.type_string() }}) as source_system,
        cast(business_units.business_unit as {{ dbt.type_string() }}) as business_unit
    from final
    left join business_units
        on
            final.sales_order_id = business_units.sales_order_id
            and final.sales_order_item = business_units.sales_order_item
)

select * from with_business_unit
