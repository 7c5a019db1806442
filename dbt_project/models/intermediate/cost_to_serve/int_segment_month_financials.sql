{# One row per segment type (product, customer) x current segment x order month: revenue,
   COGS, cost to serve and net margin of the cost-to-serve lines, and the segment's cost to
   serve as % of revenue. Members are assigned by their current segment. #}
with

cost_to_serve_lines as (
    select * from {{ ref('int_cost_to_serve_lines') }}
),

product_segments as (
    select * from {{ ref('dim_product_segments') }}
),

customer_segments as (
    select * from {{ ref('dim_customer_segments') }}
),

segmented_lines as (
    select
        'product' as segment_type,
        coalesce(product_segments.product_segment, 'unsegmented') as segment,
        cost_to_serve_lines.order_month as month,
        cost_to_serve_lines.revenue,
        cost_to_serve_lines.cogs,
        cost_to_serve_lines.cost_to_serve,
        cost_to_serve_lines.net_margin
    from cost_to_serve_lines
    left join product_segments
        on cost_to_serve_lines.product_id = product_segments.product_id
    union all
    select
        'customer' as segment_type,
        coalesce(customer_segments.customer_segment, 'unsegmented') as segment,
        cost_to_serve_lines.order_month as month,
        cost_to_serve_lines.revenue,
        cost_to_serve_lines.cogs,
        cost_to_serve_lines.cost_to_serve,
        cost_to_serve_lines.net_margin
    from cost_to_serve_lines
    left join customer_segments
        on cost_to_serve_lines.customer_id = customer_segments.customer_id
),

segment_months as (
    select
        segment_type,
        segment,
        month,
        {{ exact_sum("revenue") }} as revenue,
        {{ exact_sum("cogs") }} as cogs,
        {{ exact_sum("cost_to_serve") }} as cost_to_serve,
        {{ exact_sum("net_margin") }} as net_margin,
        case when {{ exact_sum("revenue") }} > 0 then {{ exact_sum("cost_to_serve") }} / {{ exact_sum("revenue") }} end
            as cost_to_serve_pct
    from segmented_lines
    group by segment_type, segment, month
)

select * from segment_months
