{# One row per scenario with a lever x costed delivery item x shipment carrying it (an item
   on no shipment once, without shipment), over every customer segment: the order, delivery
   and shipment the item belongs to in the scenario, its dispatch date and its freight delta.
   Only lines of the scenario's segment move:
   - consolidation_window 'week': a customer's deliveries of an ISO week (of goods issue)
     become one delivery, dispatched on the week's last goods issue; its shipments of a mode
     and ship-to in that week become one shipment;
   - min_order_value_rc: orders worth less (net value of their delivered lines) are pooled
     per customer and ISO week of order into one order, delivery and shipment (per mode and
     ship-to), dispatched with the pool's last goods issue - demand is kept, not lost.
   A shipment moves only as a whole, when every costed item on it moves (else it runs anyway
   for the other lines it carries and keeps its goods). Freight delta: a scenario shipment pays the largest fixed part (int_whatif_shipment_fixed_costs)
   of the shipments it merges once, split by weight as allocation splits freight (evenly
   when weightless); each item gives up its weight share of its old shipment's fixed part. A
   line of any other segment keeps its keys and a delta of exactly 0. #}
with

{# the scenarios with a lever: `baseline` moves nothing (mart_whatif_results takes it from
   the cost-to-serve lines), so a plain run re-keys no line #}
scenarios as (
    select * from {{ ref('int_whatif_scenarios') }}
    where consolidation_window is not null or min_order_value_rc is not null
),

{# without a scenario (a plain run) nothing is read: 0.3 s instead of 1.1 s at scale 1 #}
costed_items as (
    select * from {{ ref('int_cts_delivery_items') }}
    where exists (select 1 from scenarios)
),

delivered_lines as (
    select * from {{ ref('int_cts_delivered_lines') }}
    where exists (select 1 from scenarios)
),

customer_segments as (
    select * from {{ ref('dim_customer_segments') }}
),

shipment_deliveries as (
    select * from {{ ref('fct_shipment_deliveries') }}
),

shipments as (
    select * from {{ ref('fct_shipments') }}
),

shipment_fixed_costs as (
    select * from {{ ref('int_whatif_shipment_fixed_costs') }}
),

order_values as (
    select
        sales_order_id,
        {{ exact_sum("net_value_rc") }} as order_value_rc
    from delivered_lines
    group by sales_order_id
),

{# distinct: a delivery listed twice on a shipment must not weigh twice (as in allocation) #}
item_shipments as (
    select distinct
        shipment_deliveries.shipment_id,
        shipment_deliveries.delivery_id
    from shipment_deliveries
),

items as (
    select
        costed_items.delivery_id,
        costed_items.delivery_item,
        costed_items.sales_order_id,
        costed_items.sales_order_item,
        costed_items.goods_issue_date,
        costed_items.delivered_weight_kg,
        delivered_lines.customer_id,
        delivered_lines.order_date,
        coalesce(customer_segments.customer_segment, 'unsegmented') as customer_segment,
        order_values.order_value_rc,
        item_shipments.shipment_id,
        shipment_fixed_costs.mode,
        shipments.ship_to_customer_id,
        shipment_fixed_costs.weight_kg as shipment_weight_kg,
        shipment_fixed_costs.item_count as shipment_item_count,
        shipment_fixed_costs.fixed_freight_rc
    from costed_items
    inner join delivered_lines
        on
            costed_items.sales_order_id = delivered_lines.sales_order_id
            and costed_items.sales_order_item = delivered_lines.sales_order_item
    inner join order_values
        on costed_items.sales_order_id = order_values.sales_order_id
    left join customer_segments
        on delivered_lines.customer_id = customer_segments.customer_id
    left join item_shipments
        on costed_items.delivery_id = item_shipments.delivery_id
    left join shipments
        on item_shipments.shipment_id = shipments.shipment_id
    left join shipment_fixed_costs
        on item_shipments.shipment_id = shipment_fixed_costs.shipment_id
),

scenario_items as (
    select
        scenarios.scenario_id,
        items.*,
        coalesce(items.customer_segment = scenarios.customer_segment, false) as is_in_scope,
        coalesce(
            items.customer_segment = scenarios.customer_segment
            and items.order_value_rc < scenarios.min_order_value_rc,
            false
        ) as is_pooled_order,
        coalesce(
            items.customer_segment = scenarios.customer_segment
            and scenarios.consolidation_window = 'week',
            false
        ) as is_consolidated,
        cast(cast({{ dbt.date_trunc('week', 'items.goods_issue_date') }} as date) as {{ dbt.type_string() }})
            as issue_week,
        cast(cast({{ dbt.date_trunc('week', 'items.order_date') }} as date) as {{ dbt.type_string() }})
            as order_week
    from scenarios
    cross join items
),

{# a shipment moves only as a whole: when every costed item on it is moved by the scenario;
   otherwise its goods stay on it (it runs anyway, for the other lines it carries) #}
shipment_moves as (
    select
        scenario_id,
        shipment_id,
        min(case when is_pooled_order or is_consolidated then 1 else 0 end) as is_moved,
        min(issue_week) as issue_week,
        min(order_week) as order_week
    from scenario_items
    where shipment_id is not null
    group by scenario_id, shipment_id
),

keyed_items as (
    select
        scenario_items.*,
        case
            when scenario_items.is_pooled_order
                then {{ dbt.concat(["'MOV|'", "scenario_items.customer_id", "'|'", "scenario_items.order_week"]) }}
            else scenario_items.sales_order_id
        end as scenario_order_key,
        case
            when scenario_items.is_pooled_order
                then {{ dbt.concat(["'MOV|'", "scenario_items.customer_id", "'|'", "scenario_items.order_week"]) }}
            when scenario_items.is_consolidated
                then {{ dbt.concat(["'WEEK|'", "scenario_items.customer_id", "'|'", "scenario_items.issue_week"]) }}
            else scenario_items.delivery_id
        end as scenario_delivery_key,
        {# a line's items merged into one delivery are one delivery item #}
        case
            when scenario_items.is_pooled_order or scenario_items.is_consolidated
                then {{ dbt.concat(["'MERGED|'", "scenario_items.sales_order_id", "'|'", "scenario_items.sales_order_item"]) }}
            else {{ dbt.concat(["scenario_items.delivery_id", "'|'",
                "cast(scenario_items.delivery_item as " ~ dbt.type_string() ~ ")"]) }}
        end as item_key_in_delivery,
        case
            when scenario_items.shipment_id is null then null
            when shipment_moves.is_moved = 1 and scenario_items.is_pooled_order
                then {{ dbt.concat(["'MOV|'", "scenario_items.ship_to_customer_id", "'|'", "scenario_items.mode",
                    "'|'", "shipment_moves.order_week"]) }}
            when shipment_moves.is_moved = 1
                then {{ dbt.concat(["'WEEK|'", "scenario_items.ship_to_customer_id", "'|'", "scenario_items.mode",
                    "'|'", "shipment_moves.issue_week"]) }}
            else scenario_items.shipment_id
        end as scenario_shipment_key
    from scenario_items
    left join shipment_moves
        on
            scenario_items.scenario_id = shipment_moves.scenario_id
            and scenario_items.shipment_id = shipment_moves.shipment_id
),

scenario_shipments as (
    select
        scenario_id,
        scenario_shipment_key,
        {{ exact_sum("delivered_weight_kg") }} as weight_kg,
        count(*) as item_count,
        max(fixed_freight_rc) as fixed_freight_rc
    from keyed_items
    where scenario_shipment_key is not null
    group by scenario_id, scenario_shipment_key
),

scenario_deliveries as (
    select
        scenario_id,
        scenario_delivery_key,
        max(goods_issue_date) as dispatch_date
    from keyed_items
    group by scenario_id, scenario_delivery_key
),

item_deltas as (
    select
        keyed_items.scenario_id,
        keyed_items.customer_segment,
        keyed_items.is_in_scope,
        keyed_items.delivery_id,
        keyed_items.delivery_item,
        keyed_items.sales_order_id,
        keyed_items.sales_order_item,
        keyed_items.shipment_id,
        keyed_items.goods_issue_date,
        keyed_items.delivered_weight_kg,
        keyed_items.scenario_order_key,
        keyed_items.scenario_delivery_key,
        keyed_items.item_key_in_delivery,
        keyed_items.scenario_shipment_key,
        case
            when keyed_items.is_in_scope then scenario_deliveries.dispatch_date
            else keyed_items.goods_issue_date
        end as dispatch_date,
        case
            when keyed_items.is_in_scope and keyed_items.shipment_id is not null
                then
                    scenario_shipments.fixed_freight_rc * case
                        when scenario_shipments.weight_kg > 0
                            then keyed_items.delivered_weight_kg / scenario_shipments.weight_kg
                        else 1.0 / scenario_shipments.item_count
                    end
                    - keyed_items.fixed_freight_rc * case
                        when keyed_items.shipment_weight_kg > 0
                            then keyed_items.delivered_weight_kg / keyed_items.shipment_weight_kg
                        else 1.0 / keyed_items.shipment_item_count
                    end
            else 0.0
        end as freight_delta_rc
    from keyed_items
    inner join scenario_deliveries
        on
            keyed_items.scenario_id = scenario_deliveries.scenario_id
            and keyed_items.scenario_delivery_key = scenario_deliveries.scenario_delivery_key
    left join scenario_shipments
        on
            keyed_items.scenario_id = scenario_shipments.scenario_id
            and keyed_items.scenario_shipment_key = scenario_shipments.scenario_shipment_key
)

select * from item_deltas
