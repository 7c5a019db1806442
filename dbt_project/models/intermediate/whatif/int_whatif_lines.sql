{# One row per scenario with a lever x delivered sales order line (the cost-to-serve
   population): its baseline costs as int_cost_to_serve_lines has them and the scenario's, with
   the same rates (serving_cost_rates) and allocation rules - freight + the fixed-part delta of
   its items (int_whatif_item_keys); handling per delivery item counted on the scenario's
   deliveries (items of one line merged into one delivery count once), per kg unchanged; order
   processing per order split evenly over the scenario order's delivered lines. Revenue, COGS,
   expediting, returns and the shared overhead pools (fixed costs of the period, kept on their
   baseline allocation) do not move. Service proxy: order-to-dispatch days of the line's last
   item, baseline and scenario, against the segment's promised lead days. #}
with

{# the scenarios with a lever: `baseline` moves nothing (mart_whatif_results takes it from
   the cost-to-serve lines), so a plain run re-keys no line #}
scenarios as (
    select * from {{ ref('int_whatif_scenarios') }}
    where consolidation_window is not null or min_order_value_rc is not null
),

cost_to_serve_lines as (
    select * from {{ ref('int_cost_to_serve_lines') }}
),

item_keys as (
    select * from {{ ref('int_whatif_item_keys') }}
),

customer_segments as (
    select * from {{ ref('dim_customer_segments') }}
),

policies as (
    select * from {{ ref('customer_segment_policies') }}
),

cost_rates as (
    select * from {{ ref('serving_cost_rates') }}
),

{# one row per scenario x item (an item on two shipments is one item) #}
scenario_items as (
    select
        scenario_id,
        delivery_id,
        delivery_item,
        sales_order_id,
        sales_order_item,
        scenario_order_key,
        scenario_delivery_key,
        item_key_in_delivery,
        max(goods_issue_date) as goods_issue_date,
        max(dispatch_date) as dispatch_date
    from item_keys
    group by
        scenario_id,
        delivery_id,
        delivery_item,
        sales_order_id,
        sales_order_item,
        scenario_order_key,
        scenario_delivery_key,
        item_key_in_delivery
),

line_items as (
    select
        scenario_id,
        sales_order_id,
        sales_order_item,
        max(scenario_order_key) as scenario_order_key,
        count(
            distinct {{ dbt.concat(["scenario_delivery_key", "'|'", "item_key_in_delivery"]) }}
        ) as scenario_delivery_items,
        max(goods_issue_date) as last_goods_issue_date,
        max(dispatch_date) as last_dispatch_date
    from scenario_items
    group by scenario_id, sales_order_id, sales_order_item
),

line_freight_deltas as (
    select
        scenario_id,
        sales_order_id,
        sales_order_item,
        {{ exact_sum("freight_delta_rc") }} as freight_delta_rc
    from item_keys
    group by scenario_id, sales_order_id, sales_order_item
),

scenario_lines as (
    select
        scenarios.scenario_id,
        cost_to_serve_lines.*,
        coalesce(customer_segments.customer_segment, 'unsegmented') as customer_segment,
        coalesce(customer_segments.customer_segment, 'unsegmented') = coalesce(scenarios.customer_segment, '')
            as is_in_scope,
        coalesce(line_items.scenario_order_key, cost_to_serve_lines.sales_order_id) as scenario_order_key,
        coalesce(line_items.scenario_delivery_items, 0) as scenario_delivery_items,
        line_items.last_goods_issue_date,
        line_items.last_dispatch_date,
        coalesce(line_freight_deltas.freight_delta_rc, 0.0) as freight_delta_rc
    from scenarios
    cross join cost_to_serve_lines
    left join customer_segments
        on cost_to_serve_lines.customer_id = customer_segments.customer_id
    left join line_items
        on
            scenarios.scenario_id = line_items.scenario_id
            and cost_to_serve_lines.sales_order_id = line_items.sales_order_id
            and cost_to_serve_lines.sales_order_item = line_items.sales_order_item
    left join line_freight_deltas
        on
            scenarios.scenario_id = line_freight_deltas.scenario_id
            and cost_to_serve_lines.sales_order_id = line_freight_deltas.sales_order_id
            and cost_to_serve_lines.sales_order_item = line_freight_deltas.sales_order_item
),

scenario_orders as (
    select
        scenario_id,
        scenario_order_key,
        count(*) as delivered_line_count
    from scenario_lines
    group by scenario_id, scenario_order_key
),

scenario_costs as (
    select
        scenario_lines.*,
        case
            when scenario_lines.is_in_scope
                then scenario_lines.freight + scenario_lines.freight_delta_rc
            else scenario_lines.freight
        end as scenario_freight,
        case
            when scenario_lines.is_in_scope
                then
                    scenario_lines.scenario_delivery_items * cost_rates.handling_rate_per_delivery_item
                    + scenario_lines.delivered_weight_kg * cost_rates.handling_rate_per_kg
            else scenario_lines.handling
        end as scenario_handling,
        case
            when scenario_lines.is_in_scope
                then cost_rates.order_processing_rate_per_order / scenario_orders.delivered_line_count
            else scenario_lines.order_processing
        end as scenario_order_processing,
        case
            when scenario_lines.is_in_scope then scenario_lines.scenario_delivery_items
            else scenario_lines.delivery_item_count
        end as scenario_delivery_item_count,
        {{ dbt.datediff('scenario_lines.order_date', 'scenario_lines.last_goods_issue_date', 'day') }}
            as baseline_lead_days,
        {{ dbt.datediff('scenario_lines.order_date', 'scenario_lines.last_dispatch_date', 'day') }}
            as scenario_lead_days,
        policies.promised_lead_days
    from scenario_lines
    cross join cost_rates
    inner join scenario_orders
        on
            scenario_lines.scenario_id = scenario_orders.scenario_id
            and scenario_lines.scenario_order_key = scenario_orders.scenario_order_key
    left join policies
        on scenario_lines.customer_segment = policies.customer_segment
),

scenario_totals as (
    select
        *,
        scenario_freight + expediting + returns + scenario_handling + scenario_order_processing
        + shared_overhead as scenario_cost_to_serve,
        revenue - cogs
        - (
            scenario_freight + expediting + returns + scenario_handling + scenario_order_processing
            + shared_overhead
        ) as scenario_net_margin
    from scenario_costs
),

{# Each line's baseline and scenario figures side by side, and its customer: what
   mart_whatif_results sums (its scenario columns; the baseline ones it sums from the
   cost-to-serve lines) and what a reader compares line by line. Each scenario writes a copy
   of every cost-to-serve line, so only these columns of its 43. #}
final as (
    select
        scenario_id,
        sales_order_id,
        sales_order_item,
        customer_id,
        customer_segment,
        is_in_scope,
        scenario_order_key,
        revenue,
        cogs,
        freight,
        scenario_freight,
        handling,
        scenario_handling,
        order_processing,
        scenario_order_processing,
        expediting,
        returns,
        shared_overhead,
        cost_to_serve,
        scenario_cost_to_serve,
        net_margin,
        scenario_net_margin,
        delivery_item_count,
        scenario_delivery_item_count,
        delivered_weight_kg,
        promised_lead_days,
        baseline_lead_days,
        scenario_lead_days
    from scenario_totals
)

select * from final
