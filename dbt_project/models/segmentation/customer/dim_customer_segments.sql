{# One row per customer: its Shapiro/Kaplan profitability segment as of the as-of date. Over
   the customers with trailing-12-month revenue (the unknown member aside), gross margin % and
   cost to serve % are high when strictly above their median: passive (high margin, low cost
   to serve), carriage_trade (high, high), bargain_basement (low, low), aggressive (low, high).
   Customers without such revenue are `unsegmented`. #}
with

customers as (
    select * from {{ ref('dim_customer') }}
),

profitability as (
    select * from {{ ref('int_customer_profitability_12m') }}
),

ranked_customers as (
    select
        profitability.customer_id,
        profitability.revenue_12m,
        profitability.cogs_12m,
        profitability.cost_to_serve_12m,
        profitability.net_margin_12m,
        profitability.gross_margin_pct,
        profitability.cost_to_serve_pct
    from profitability
    inner join customers
        on profitability.customer_id = customers.customer_id
    where
        profitability.revenue_12m > 0
        and not coalesce(customers.is_unknown_member, false)
),

medians as (
    select
        {{ median('gross_margin_pct') }} as median_gross_margin_pct,
        {{ median('cost_to_serve_pct') }} as median_cost_to_serve_pct
    from ranked_customers
),

classified as (
    select
        ranked_customers.customer_id,
        ranked_customers.gross_margin_pct > medians.median_gross_margin_pct as is_high_margin,
        ranked_customers.cost_to_serve_pct > medians.median_cost_to_serve_pct
            as is_high_cost_to_serve,
        medians.median_gross_margin_pct,
        medians.median_cost_to_serve_pct
    from ranked_customers
    cross join medians
),

customer_segments as (
    select
        customers.customer_id,
        customers.channel,
        coalesce(profitability.revenue_12m, 0.0) as revenue_12m,
        coalesce(profitability.cogs_12m, 0.0) as cogs_12m,
        coalesce(profitability.cost_to_serve_12m, 0.0) as cost_to_serve_12m,
        coalesce(profitability.net_margin_12m, 0.0) as net_margin_12m,
        profitability.gross_margin_pct,
        profitability.cost_to_serve_pct,
        classified.is_high_margin,
        classified.is_high_cost_to_serve,
        classified.median_gross_margin_pct,
        classified.median_cost_to_serve_pct,
        case
            when classified.customer_id is null then 'unsegmented'
            when classified.is_high_margin and not classified.is_high_cost_to_serve
                then 'passive'
            when classified.is_high_margin and classified.is_high_cost_to_serve
                then 'carriage_trade'
            when not classified.is_high_margin and not classified.is_high_cost_to_serve
                then 'bargain_basement'
            else 'aggressive'
        end as customer_segment
    from customers
    left join profitability
        on customers.customer_id = profitability.customer_id
    left join classified
        on customers.customer_id = classified.customer_id
)

select * from customer_segments
