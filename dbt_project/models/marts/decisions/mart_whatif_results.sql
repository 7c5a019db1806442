{# One row per what-if scenario x customer segment x measure: the baseline value, the
   scenario's and the delta. Money and drivers over the whole cost-to-serve population (every
   delivered line up to the as-of date, not a trailing window); the service proxy is the
   average order-to-dispatch days and the OTIF risk = share of delivered lines dispatched
   later than the segment's promised lead days. The baseline columns are the cost-to-serve
   marts summed by segment; the `baseline` scenario has scenario = baseline throughout. #}
with

scenarios as (
    select * from {{ ref('int_whatif_scenarios') }}
),

scenario_lines as (
    select * from {{ ref('int_whatif_lines') }}
),

item_keys as (
    select * from {{ ref('int_whatif_item_keys') }}
),

line_totals as (
    select
        scenario_id,
        customer_segment,
        count(*) as order_lines,
        count(distinct sales_order_id) as baseline_orders,
        count(distinct scenario_order_key) as scenario_orders,
        {{ exact_sum("revenue") }} as revenue,
        {{ exact_sum("cogs") }} as cogs,
        {{ exact_sum("freight") }} as baseline_freight,
        {{ exact_sum("scenario_freight") }} as scenario_freight,
        {{ exact_sum("handling") }} as baseline_handling,
        {{ exact_sum("scenario_handling") }} as scenario_handling,
        {{ exact_sum("order_processing") }} as baseline_order_processing,
        {{ exact_sum("scenario_order_processing") }} as scenario_order_processing,
        {{ exact_sum("expediting") }} as expediting,
        {{ exact_sum("returns") }} as returns,
        {{ exact_sum("shared_overhead") }} as shared_overhead,
        {{ exact_sum("cost_to_serve") }} as baseline_cost_to_serve,
        {{ exact_sum("scenario_cost_to_serve") }} as scenario_cost_to_serve,
        {{ exact_sum("net_margin") }} as baseline_net_margin,
        {{ exact_sum("scenario_net_margin") }} as scenario_net_margin,
        sum(delivery_item_count) as baseline_delivery_items,  -- exact: integer
        sum(scenario_delivery_item_count) as scenario_delivery_items,  -- exact: integer
        {{ exact_sum("delivered_weight_kg") }} as weight_kg,
        max(promised_lead_days) as promised_lead_days,
        {{ exact_avg("baseline_lead_days") }} as baseline_lead_days,
        {{ exact_avg("scenario_lead_days") }} as scenario_lead_days,
        {{ exact_avg("case when baseline_lead_days > promised_lead_days then 1 when baseline_lead_days is not null then 0 end") }}
            as baseline_otif_risk,
        {{ exact_avg("case when scenario_lead_days > promised_lead_days then 1 when scenario_lead_days is not null then 0 end") }}
            as scenario_otif_risk
    from scenario_lines
    group by scenario_id, customer_segment
),

item_totals as (
    select
        scenario_id,
        customer_segment,
        count(distinct delivery_id) as baseline_deliveries,
        count(distinct scenario_delivery_key) as scenario_deliveries,
        count(distinct shipment_id) as baseline_shipments,
        count(distinct scenario_shipment_key) as scenario_shipments
    from item_keys
    group by scenario_id, customer_segment
),

segment_totals as (
    select
        line_totals.*,
        coalesce(item_totals.baseline_deliveries, 0) as baseline_deliveries,
        coalesce(item_totals.scenario_deliveries, 0) as scenario_deliveries,
        coalesce(item_totals.baseline_shipments, 0) as baseline_shipments,
        coalesce(item_totals.scenario_shipments, 0) as scenario_shipments
    from line_totals
    left join item_totals
        on
            line_totals.scenario_id = item_totals.scenario_id
            and line_totals.customer_segment = item_totals.customer_segment
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
