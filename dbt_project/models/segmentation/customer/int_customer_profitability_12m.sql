{# One row per sold-to customer with delivered lines ordered in the trailing 12 months
   (the window of int_trailing_window, 365 days by default): revenue, COGS and cost to serve
   over its cost-to-serve lines, with gross margin % and cost to serve % of revenue (null
   without revenue). #}
with

cost_to_serve_lines as (
    select * from {{ ref('int_cost_to_serve_lines') }}
),

trailing_window as (
    select * from {{ ref('int_trailing_window') }}
),

customer_totals as (
    select
        cost_to_serve_lines.customer_id,
        count(*) as delivered_line_count_12m,
        {{ exact_sum("cost_to_serve_lines.revenue") }} as revenue_12m,
        {{ exact_sum("cost_to_serve_lines.cogs") }} as cogs_12m,
        {{ exact_sum("cost_to_serve_lines.cost_to_serve") }} as cost_to_serve_12m,
        {{ exact_sum("cost_to_serve_lines.net_margin") }} as net_margin_12m
    from cost_to_serve_lines
    cross join trailing_window
    where
        cost_to_serve_lines.order_date >= trailing_window.trailing_12m_start_date
        and cost_to_serve_lines.order_date <= trailing_window.as_of_date
    group by cost_to_serve_lines.customer_id
),

customer_ratios as (
    select
        customer_id,
        delivered_line_count_12m,
        revenue_12m,
        cogs_12m,
        cost_to_serve_12m,
        net_margin_12m,
        case when revenue_12m > 0 then (revenue_12m - cogs_12m) / revenue_12m end
            as gross_margin_pct,
        case when revenue_12m > 0 then cost_to_serve_12m / revenue_12m end
            as cost_to_serve_pct
    from customer_totals
)

select * from customer_ratios
