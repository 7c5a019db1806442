{# One row per what-if scenario x customer segment x measure: the baseline value, the
   scenario's and the delta. Money and drivers over the whole cost-to-serve population (every
   delivered line up to the as-of date, not a trailing window); the service proxy is the
   average order-to-dispatch days and the OTIF risk = share of delivered lines dispatched
   later than the segment's promised lead days. The baseline columns are the cost-to-serve
   lines summed by segment, for every scenario; the scenario columns of a scenario with a
   lever are its re-keyed lines (int_whatif_lines, int_whatif_item_keys), and the `baseline`
   scenario has scenario = baseline throughout. A plain run builds the baseline only, so it
   re-keys no line at all. #}
-- noqa: disable=LT02
{# (indentation is checked on the rendered loops, which sqlfluff cannot map back) #}
with

scenarios as (
    select * from {{ ref('int_whatif_scenarios') }}
),

cost_to_serve_lines as (
    select * from {{ ref('int_cost_to_serve_lines') }}
),

costed_items as (
    select * from {{ ref('int_cts_delivery_items') }}
),

shipment_deliveries as (
    select * from {{ ref('fct_shipment_deliveries') }}
),

customer_segments as (
    select * from {{ ref('dim_customer_segments') }}
),

policies as (
    select * from {{ ref('customer_segment_policies') }}
),

{# the scenarios with a lever only #}
scenario_lines as (
    select * from {{ ref('int_whatif_lines') }}
),

item_keys as (
    select * from {{ ref('int_whatif_item_keys') }}
),

line_last_goods_issues as (
    select
        sales_order_id,
        sales_order_item,
        max(goods_issue_date) as last_goods_issue_date
    from costed_items
    group by sales_order_id, sales_order_item
),

baseline_lines as (
    select
        cost_to_serve_lines.*,
        coalesce(customer_segments.customer_segment, 'unsegmented') as customer_segment,
        policies.promised_lead_days,
        {{ dbt.datediff('cost_to_serve_lines.order_date', 'line_last_goods_issues.last_goods_issue_date', 'day') }}
            as lead_days
    from cost_to_serve_lines
    left join customer_segments
        on cost_to_serve_lines.customer_id = customer_segments.customer_id
    left join line_last_goods_issues
        on
            cost_to_serve_lines.sales_order_id = line_last_goods_issues.sales_order_id
            and cost_to_serve_lines.sales_order_item = line_last_goods_issues.sales_order_item
    left join policies
        on coalesce(customer_segments.customer_segment, 'unsegmented') = policies.customer_segment
),

baseline_line_totals as (
    select
        customer_segment,
        count(*) as order_lines,
        count(distinct sales_order_id) as baseline_orders,
        {{ exact_sum("revenue") }} as revenue,
        {{ exact_sum("cogs") }} as cogs,
        {{ exact_sum("freight") }} as baseline_freight,
        {{ exact_sum("handling") }} as baseline_handling,
        {{ exact_sum("order_processing") }} as baseline_order_processing,
        {{ exact_sum("expediting") }} as expediting,
        {{ exact_sum("returns") }} as returns,
        {{ exact_sum("shared_overhead") }} as shared_overhead,
        {{ exact_sum("cost_to_serve") }} as baseline_cost_to_serve,
        {{ exact_sum("net_margin") }} as baseline_net_margin,
        sum(delivery_item_count) as baseline_delivery_items,  -- exact: integer
        {{ exact_sum("delivered_weight_kg") }} as weight_kg,
        max(promised_lead_days) as promised_lead_days,
        {{ exact_avg("lead_days") }} as baseline_lead_days,
        {{ exact_avg("case when lead_days > promised_lead_days then 1 when lead_days is not null then 0 end") }}
            as baseline_otif_risk
    from baseline_lines
    group by customer_segment
),

{# distinct: a delivery listed twice on a shipment counts once #}
item_shipments as (
    select distinct
        shipment_id,
        delivery_id
    from shipment_deliveries
),

baseline_item_totals as (
    select
        baseline_lines.customer_segment,
        count(distinct costed_items.delivery_id) as baseline_deliveries,
        count(distinct item_shipments.shipment_id) as baseline_shipments
    from costed_items
    inner join baseline_lines
        on
            costed_items.sales_order_id = baseline_lines.sales_order_id
            and costed_items.sales_order_item = baseline_lines.sales_order_item
    left join item_shipments
        on costed_items.delivery_id = item_shipments.delivery_id
    group by baseline_lines.customer_segment
),

baseline_totals as (
    select
        baseline_line_totals.*,
        coalesce(baseline_item_totals.baseline_deliveries, 0) as baseline_deliveries,
        coalesce(baseline_item_totals.baseline_shipments, 0) as baseline_shipments
    from baseline_line_totals
    left join baseline_item_totals
        on baseline_line_totals.customer_segment = baseline_item_totals.customer_segment
),

scenario_line_totals as (
    select
        scenario_id,
        customer_segment,
        count(distinct scenario_order_key) as scenario_orders,
        {{ exact_sum("scenario_freight") }} as scenario_freight,
        {{ exact_sum("scenario_handling") }} as scenario_handling,
        {{ exact_sum("scenario_order_processing") }} as scenario_order_processing,
        {{ exact_sum("scenario_cost_to_serve") }} as scenario_cost_to_serve,
        {{ exact_sum("scenario_net_margin") }} as scenario_net_margin,
        sum(scenario_delivery_item_count) as scenario_delivery_items,  -- exact: integer
        {{ exact_avg("scenario_lead_days") }} as scenario_lead_days,
        {{ exact_avg("case when scenario_lead_days > promised_lead_days then 1 when scenario_lead_days is not null then 0 end") }}
            as scenario_otif_risk
    from scenario_lines
    group by scenario_id, customer_segment
),

scenario_item_totals as (
    select
        scenario_id,
        customer_segment,
        count(distinct scenario_delivery_key) as scenario_deliveries,
        count(distinct scenario_shipment_key) as scenario_shipments
    from item_keys
    group by scenario_id, customer_segment
),

{# a scenario without re-keyed lines for a segment (the baseline) keeps its baseline values #}
segment_totals as (
    select
        scenarios.scenario_id,
        baseline_totals.*,
        {%- for scenario_column, baseline_column in [
            ('scenario_orders', 'baseline_orders'),
            ('scenario_freight', 'baseline_freight'),
            ('scenario_handling', 'baseline_handling'),
            ('scenario_order_processing', 'baseline_order_processing'),
            ('scenario_cost_to_serve', 'baseline_cost_to_serve'),
            ('scenario_net_margin', 'baseline_net_margin'),
            ('scenario_delivery_items', 'baseline_delivery_items'),
            ('scenario_lead_days', 'baseline_lead_days'),
            ('scenario_otif_risk', 'baseline_otif_risk'),
        ] %}
        case
            when scenario_line_totals.scenario_id is null then baseline_totals.{{ baseline_column }}
            else scenario_line_totals.{{ scenario_column }}
        end as {{ scenario_column }},
        {%- endfor %}
        {%- for scenario_column, baseline_column in [
            ('scenario_deliveries', 'baseline_deliveries'),
            ('scenario_shipments', 'baseline_shipments'),
        ] %}
        case
            when scenario_line_totals.scenario_id is null then baseline_totals.{{ baseline_column }}
            else coalesce(scenario_item_totals.{{ scenario_column }}, 0)
        end as {{ scenario_column }}{{ ',' if not loop.last }}
        {%- endfor %}
    from scenarios
    cross join baseline_totals
    left join scenario_line_totals
        on
            scenarios.scenario_id = scenario_line_totals.scenario_id
            and baseline_totals.customer_segment = scenario_line_totals.customer_segment
    left join scenario_item_totals
        on
            scenarios.scenario_id = scenario_item_totals.scenario_id
            and baseline_totals.customer_segment = scenario_item_totals.customer_segment
),

measures as (
    {{ whatif_measure_rows('segment_totals') }}
),

final as (
    select
        cast(measures.scenario_id as {{ dbt.type_string() }}) as scenario_id,
        cast(measures.customer_segment as {{ dbt.type_string() }}) as customer_segment,
        cast(measures.measure_order as integer) as measure_order,
        cast(measures.measure as {{ dbt.type_string() }}) as measure,
        cast(measures.baseline_value as double) as baseline_value,
        cast(measures.scenario_value as double) as scenario_value,
        cast(measures.scenario_value - measures.baseline_value as double) as delta,
        cast(
            coalesce(measures.customer_segment = scenarios.customer_segment, false) as boolean
        ) as is_scenario_segment
    from measures
    inner join scenarios
        on measures.scenario_id = scenarios.scenario_id
)

select * from final
