{# One row per sold-to customer x order month with delivered lines: revenue, COGS, cost to
   serve, net margin and cost to serve as % of revenue, with the customer's current segment;
   the freight accrued (estimated, not yet invoiced) and the cost maturity = invoiced freight /
   (invoiced + accrued freight), 1 when nothing is accrued. #}
with

cost_to_serve_lines as (
    select * from {{ ref('int_cost_to_serve_lines') }}
),

customer_segments as (
    select * from {{ ref('dim_customer_segments') }}
),

customer_months as (
    select
        customer_id,
        order_month as month,
        count(*) as delivered_lines,
        {{ exact_sum("revenue") }} as revenue,
        {{ exact_sum("cogs") }} as cogs,
        {{ exact_sum("freight") }} as freight,
        {{ exact_sum("invoiced_freight") }} as invoiced_freight,
        {{ exact_sum("accrued_freight") }} as accrued_freight,
        {{ exact_sum("expediting") }} as expediting,
        {{ exact_sum("returns") }} as returns,
        {{ exact_sum("handling") }} as handling,
        {{ exact_sum("order_processing") }} as order_processing,
        {{ exact_sum("shared_overhead") }} as shared_overhead,
        {{ exact_sum("cost_to_serve") }} as cost_to_serve,
        {{ exact_sum("net_margin") }} as net_margin
    from cost_to_serve_lines
    group by customer_id, order_month
),

final as (
    select
        cast(customer_months.customer_id as {{ dbt.type_string() }}) as customer_id,
        cast(customer_months.month as date) as month,
        cast(customer_months.delivered_lines as bigint) as delivered_lines,
        cast(customer_months.revenue as double) as revenue,
        cast(customer_months.cogs as double) as cogs,
        cast(customer_months.freight as double) as freight,
        cast(customer_months.accrued_freight as double) as accrued_freight,
        cast(
            case
                when customer_months.accrued_freight > 0
                    then
                        customer_months.invoiced_freight
                        / (customer_months.invoiced_freight + customer_months.accrued_freight)
                else 1.0
            end as double
        ) as cost_maturity,
        cast(customer_months.expediting as double) as expediting,
        cast(customer_months.returns as double) as returns,
        cast(customer_months.handling as double) as handling,
        cast(customer_months.order_processing as double) as order_processing,
        cast(customer_months.shared_overhead as double) as shared_overhead,
        cast(customer_months.cost_to_serve as double) as cost_to_serve,
        cast(customer_months.net_margin as double) as net_margin,
        cast(
            case
                when customer_months.revenue > 0
                    then customer_months.cost_to_serve / customer_months.revenue
            end as double
        ) as cost_to_serve_pct,
        cast(coalesce(customer_segments.customer_segment, 'unsegmented') as {{ dbt.type_string() }})
            as customer_segment
    from customer_months
    left join customer_segments
        on customer_months.customer_id = customer_segments.customer_id
),

members as (
    select
        customer_id,
        {{ business_units_of('source_systems') }} as business_units
    from {{ ref('dim_customer') }}
),

with_business_units as (
    select
        final.*,
        cast(members.business_units as {{ dbt.type_string() }}) as business_units
    from final
    left join members
        on final.customer_id = members.customer_id
)

select * from with_business_units
