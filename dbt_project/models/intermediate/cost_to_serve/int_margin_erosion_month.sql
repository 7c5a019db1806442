{# One row per customer segment x business unit (and 'ALL', both units together) x month whose
   previous calendar month also has delivered lines in that segment and unit: the change of
   net margin against the previous month and its attribution to volume, mix, price, fuel,
   freight base rates and other costs (docs/margin-erosion.md). The attribution is a waterfall
   in a fixed order over the segment's products (p), month 0 = previous, t = current, with
   q delivered quantity, R revenue, M net margin and, per unit, P price, f fuel (FUEL charges),
   l linehaul (LINEHAUL charges), b other freight (accessorial, detention, accrued), k other
   cost (COGS, handling, order processing, overhead, expediting, returns); continuing
   products are those with quantity in both months, new products those only in t:
   - volume = (v - 1) x M0 with v = (the sum of q_t x P_0) / R0 (a Laspeyres volume index; 0 when R0 = 0)
   - mix = sum_continuing(q_t x m_0) + sum_new(M_t) - v x M0, m_0 = the product's previous margin per unit
   - price = sum_continuing(q_t x (P_t - P_0))
   - fuel = -sum_continuing(q_t x (f_t - f_0 - r_0 x (l_t - l_0))), r_0 = F0/L0 (0 without
     linehaul): the change of the surcharge rate, not of the linehaul it is charged on
   - freight_base = -sum_continuing(q_t x ((1 + r_0) x (l_t - l_0) + (b_t - b_0)))
   - other_cost = -sum_continuing(q_t x (k_t - k_0))
   They add up to margin_change = M_t - M0 by construction (exact sums, 1e-10 per term).
   fuel_erosion = the margin fuel took (greatest(-fuel, 0)); the shares are of the unit's
   month across segments: revenue_share = revenue / all revenue, fuel_erosion_share =
   fuel_erosion / all fuel_erosion, null in a month where fuel took no margin from the unit
   overall (the segments' fuel effects add up to 0 or more: a falling index, where what one
   segment loses is only the noise of which shipments carried a surcharge). #}
with

cost_to_serve_lines as (
    select * from {{ ref('int_cost_to_serve_lines') }}
),

sales_order_lines as (
    select * from {{ ref('fct_sales_order_lines') }}
),

customer_segments as (
    select * from {{ ref('dim_customer_segments') }}
),

charge_allocations as (
    select * from {{ ref('int_freight_charge_allocations') }}
),

line_freight as (
    select
        sales_order_id,
        sales_order_item,
        {{ exact_sum("case when charge_type = 'FUEL' then allocated_amount_rc else 0.0 end") }} as fuel,
        {{ exact_sum("case when charge_type = 'LINEHAUL' then allocated_amount_rc else 0.0 end") }} as linehaul
    from charge_allocations
    where cost_pool = 'freight'
    group by sales_order_id, sales_order_item
),

lines as (
    select
        coalesce(customer_segments.customer_segment, 'unsegmented') as customer_segment,
        coalesce(sales_order_lines.business_unit, 'unknown') as business_unit,
        cost_to_serve_lines.product_id,
        cost_to_serve_lines.order_month as month,
        cast(cost_to_serve_lines.delivered_qty as double) as quantity,
        cost_to_serve_lines.revenue,
        coalesce(line_freight.fuel, 0.0) as fuel,
        coalesce(line_freight.linehaul, 0.0) as linehaul,
        cost_to_serve_lines.freight - coalesce(line_freight.fuel, 0.0)
        - coalesce(line_freight.linehaul, 0.0) as other_freight,
        cost_to_serve_lines.cogs + cost_to_serve_lines.cost_to_serve
        - cost_to_serve_lines.freight as other_cost,
        cost_to_serve_lines.net_margin
    from cost_to_serve_lines
    left join sales_order_lines
        on
            cost_to_serve_lines.sales_order_id = sales_order_lines.sales_order_id
            and cost_to_serve_lines.sales_order_item = sales_order_lines.sales_order_item
    left join customer_segments
        on cost_to_serve_lines.customer_id = customer_segments.customer_id
    left join line_freight
        on
            cost_to_serve_lines.sales_order_id = line_freight.sales_order_id
            and cost_to_serve_lines.sales_order_item = line_freight.sales_order_item
),

unit_lines as (
    select * from lines
    union all
    select
        customer_segment,
        'ALL' as business_unit,
        product_id,
        month,
        quantity,
        revenue,
        fuel,
        linehaul,
        other_freight,
        other_cost,
        net_margin
    from lines
),

products as (
    select
        customer_segment,
        business_unit,
        product_id,
        month,
        extract(year from month) * 12 + extract(month from month) as month_index,
        {{ exact_sum("quantity") }} as quantity,
        {{ exact_sum("revenue") }} as revenue,
        {{ exact_sum("fuel") }} as fuel,
        {{ exact_sum("linehaul") }} as linehaul,
        {{ exact_sum("other_freight") }} as other_freight,
        {{ exact_sum("other_cost") }} as other_cost,
        {{ exact_sum("net_margin") }} as net_margin
    from unit_lines
    group by customer_segment, business_unit, product_id, month
),

segments as (
    select
        customer_segment,
        business_unit,
        month,
        month_index,
        {{ exact_sum("revenue") }} as revenue,
        {{ exact_sum("net_margin") }} as net_margin
    from products
    group by customer_segment, business_unit, month, month_index
),

{# each product of a month t with its previous month's figures (null when it had none) #}
product_pairs as (
    select
        current_month.customer_segment,
        current_month.business_unit,
        current_month.month,
        current_month.quantity,
        current_month.net_margin,
        previous_month.quantity > 0 and current_month.quantity > 0 as is_continuing,
        current_month.quantity * previous_month.revenue / nullif(previous_month.quantity, 0) as revenue_at_previous_prices,
        current_month.quantity * previous_month.net_margin / nullif(previous_month.quantity, 0) as margin_at_previous_unit_margin,
        current_month.revenue - current_month.quantity * previous_month.revenue / nullif(previous_month.quantity, 0) as price_term,
        case when previous_month.linehaul != 0 then previous_month.fuel / previous_month.linehaul else 0.0 end as previous_fuel_rate,
        current_month.fuel - current_month.quantity * previous_month.fuel / nullif(previous_month.quantity, 0) as fuel_change,
        current_month.linehaul - current_month.quantity * previous_month.linehaul / nullif(previous_month.quantity, 0) as linehaul_change,
        current_month.other_freight
        - current_month.quantity * previous_month.other_freight / nullif(previous_month.quantity, 0)
            as other_freight_change,
        current_month.other_cost
        - current_month.quantity * previous_month.other_cost / nullif(previous_month.quantity, 0)
            as other_cost_change
    from products as current_month
    left join products as previous_month
        on
            current_month.customer_segment = previous_month.customer_segment
            and current_month.business_unit = previous_month.business_unit
            and current_month.product_id = previous_month.product_id
            and current_month.month_index = previous_month.month_index + 1
),

product_terms as (
    select
        customer_segment,
        business_unit,
        month,
        case when is_continuing then revenue_at_previous_prices else 0.0 end as revenue_at_previous_prices,
        case when is_continuing then margin_at_previous_unit_margin else net_margin end as margin_at_previous_unit_margin,
        case when is_continuing then price_term else 0.0 end as price_effect,
        case when is_continuing then -(fuel_change - previous_fuel_rate * linehaul_change) else 0.0 end as fuel_effect,
        case
            when is_continuing then -((1.0 + previous_fuel_rate) * linehaul_change + other_freight_change)
            else 0.0
        end as freight_base_effect,
        case when is_continuing then -other_cost_change else 0.0 end as other_cost_effect
    from product_pairs
),

segment_terms as (
    select
        customer_segment,
        business_unit,
        month,
        {{ exact_sum("revenue_at_previous_prices") }} as revenue_at_previous_prices,
        {{ exact_sum("margin_at_previous_unit_margin") }} as margin_at_previous_unit_margin,
        {{ exact_sum("price_effect") }} as price_effect,
        {{ exact_sum("fuel_effect") }} as fuel_effect,
        {{ exact_sum("freight_base_effect") }} as freight_base_effect,
        {{ exact_sum("other_cost_effect") }} as other_cost_effect
    from product_terms
    group by customer_segment, business_unit, month
),

attributed as (
    select
        current_month.customer_segment,
        current_month.business_unit,
        current_month.month,
        current_month.revenue,
        previous_month.net_margin as previous_net_margin,
        current_month.net_margin,
        current_month.net_margin - previous_month.net_margin as margin_change,
        case
            when previous_month.revenue != 0
                then segment_terms.revenue_at_previous_prices / previous_month.revenue
        end as volume_index,
        case
            when previous_month.revenue != 0
                then (segment_terms.revenue_at_previous_prices / previous_month.revenue - 1.0) * previous_month.net_margin
            else 0.0
        end as volume_effect,
        segment_terms.margin_at_previous_unit_margin
        - case
            when previous_month.revenue != 0
                then segment_terms.revenue_at_previous_prices / previous_month.revenue * previous_month.net_margin
            else previous_month.net_margin
        end as mix_effect,
        segment_terms.price_effect,
        segment_terms.fuel_effect,
        segment_terms.freight_base_effect,
        segment_terms.other_cost_effect
    from segments as current_month
    inner join segments as previous_month
        on
            current_month.customer_segment = previous_month.customer_segment
            and current_month.business_unit = previous_month.business_unit
            and current_month.month_index = previous_month.month_index + 1
    inner join segment_terms
        on
            current_month.customer_segment = segment_terms.customer_segment
            and current_month.business_unit = segment_terms.business_unit
            and current_month.month = segment_terms.month
),

shared as (
    select
        attributed.*,
        greatest(-attributed.fuel_effect, 0.0) as fuel_erosion,
        {{ exact_window_sum("attributed.revenue", "over (partition by attributed.business_unit, attributed.month)") }}
            as unit_revenue,
        {{ exact_window_sum("greatest(-attributed.fuel_effect, 0.0)", "over (partition by attributed.business_unit, attributed.month)") }}
            as unit_fuel_erosion,
        {{ exact_window_sum("attributed.fuel_effect", "over (partition by attributed.business_unit, attributed.month)") }}
            as unit_fuel_effect
    from attributed
),

final as (
    select
        customer_segment,
        business_unit,
        month,
        revenue,
        previous_net_margin,
        net_margin,
        margin_change,
        volume_index,
        volume_effect,
        mix_effect,
        price_effect,
        fuel_effect,
        freight_base_effect,
        other_cost_effect,
        fuel_erosion,
        case when unit_revenue != 0 then revenue / unit_revenue end as revenue_share,
        case
            when unit_fuel_effect < 0 and unit_fuel_erosion > 0 then fuel_erosion / unit_fuel_erosion
        end as fuel_erosion_share
    from shared
)

select * from final
