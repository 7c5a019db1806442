{# One row per customer segment x order month with delivered lines: freight (invoiced +
   accrued, as in cost to serve), delivered kg and shipments carrying the segment's goods,
   cost per kg and per shipment, against the external logistics cost index of the month
   (seed logistics_cost_index - illustrative unless replaced): the benchmark cost per kg and
   per shipment, the ratios actual / benchmark, and the cost per kg at the index's base (2025-01
   = 100) to compare months without the market's drift. #}
with

cost_to_serve_lines as (
    select * from {{ ref('int_cost_to_serve_lines') }}
),

customer_segments as (
    select * from {{ ref('dim_customer_segments') }}
),

costed_items as (
    select * from {{ ref('int_cts_delivery_items') }}
),

shipment_deliveries as (
    select * from {{ ref('fct_shipment_deliveries') }}
),

cost_index as (
    select * from {{ ref('logistics_cost_index') }}
),

line_segments as (
    select
        cost_to_serve_lines.sales_order_id,
        cost_to_serve_lines.sales_order_item,
        cost_to_serve_lines.order_month,
        cost_to_serve_lines.freight,
        cost_to_serve_lines.delivered_weight_kg,
        coalesce(customer_segments.customer_segment, 'unsegmented') as customer_segment
    from cost_to_serve_lines
    left join customer_segments
        on cost_to_serve_lines.customer_id = customer_segments.customer_id
),

segment_months as (
    select
        customer_segment,
        order_month as month,
        {{ exact_sum("freight") }} as freight,
        {{ exact_sum("delivered_weight_kg") }} as weight_kg
    from line_segments
    group by customer_segment, order_month
),

segment_month_shipments as (
    select
        line_segments.customer_segment,
        line_segments.order_month as month,
        count(distinct shipment_deliveries.shipment_id) as shipments
    from line_segments
    inner join costed_items
        on
            line_segments.sales_order_id = costed_items.sales_order_id
            and line_segments.sales_order_item = costed_items.sales_order_item
    inner join shipment_deliveries
        on costed_items.delivery_id = shipment_deliveries.delivery_id
    group by line_segments.customer_segment, line_segments.order_month
),

compared as (
    select
        segment_months.customer_segment,
        segment_months.month,
        segment_months.freight,
        segment_months.weight_kg,
        coalesce(segment_month_shipments.shipments, 0) as shipments,
        case
            when segment_months.weight_kg > 0 then segment_months.freight / segment_months.weight_kg
        end as freight_per_kg,
        case
            when segment_month_shipments.shipments > 0
                then segment_months.freight / segment_month_shipments.shipments
        end as freight_per_shipment,
        cost_index.cost_index,
        cost_index.benchmark_freight_per_kg_rc,
        cost_index.benchmark_freight_per_shipment_rc
    from segment_months
    left join segment_month_shipments
        on
            segment_months.customer_segment = segment_month_shipments.customer_segment
            and segment_months.month = segment_month_shipments.month
    left join cost_index
        on segment_months.month = cost_index.month
),

final as (
    select
        cast(customer_segment as {{ dbt.type_string() }}) as customer_segment,
        cast(month as date) as month,
        cast(freight as double) as freight,
        cast(weight_kg as double) as weight_kg,
        cast(shipments as bigint) as shipments,
        cast(freight_per_kg as double) as freight_per_kg,
        cast(freight_per_shipment as double) as freight_per_shipment,
        cast(cost_index as double) as cost_index,
        cast(benchmark_freight_per_kg_rc as double) as benchmark_freight_per_kg,
        cast(benchmark_freight_per_shipment_rc as double) as benchmark_freight_per_shipment,
        cast(
            case
                when benchmark_freight_per_kg_rc > 0 then freight_per_kg / benchmark_freight_per_kg_rc
            end as double
        ) as freight_per_kg_vs_benchmark,
        cast(
            case
                when benchmark_freight_per_shipment_rc > 0
                    then freight_per_shipment / benchmark_freight_per_shipment_rc
            end as double
        ) as freight_per_shipment_vs_benchmark,
        cast(
            case when cost_index > 0 then freight_per_kg * 100.0 / cost_index end as double
        ) as freight_per_kg_at_base_index
    from compared
)

select * from final
