{# One row per delivered sales order line: revenue, COGS and every activity cost allocated to
   it, unrounded - freight, expediting and returns from the TMS charges of its shipments,
   handling per delivery item and per kg, order processing split evenly over the order's
   delivered lines, and the shared overhead pools of its order month. Freight = freight
   invoiced + freight accrued (estimated for items whose shipment has no freight invoiced
   yet, int_freight_accruals); is_accrued flags a line carrying an estimate.
   Incremental on DuckDB (macros/incremental.sql, cost to serve section): the lines of the
   order months a day's extracts reopen, the accrued lines and the lines whose charge
   allocations changed are recomputed, the others kept. #}
{{ fact_delta_config() }}
-- noqa: disable=LT02
{# (indentation is checked on the rendered branches, which sqlfluff cannot map back) #}
{%- set delta = fact_delta_watermark('int_cost_to_serve_lines') %}
{#- a line's costs read only rows of its own sales order line (and, for order processing, of
   its order: one order date, one month) #}
{%- set in_delta_lines -%}
    {%- if delta is not none %}
    where exists (
        select 1 from delivered_lines
        where
            delivered_lines.sales_order_id = %(model)s.sales_order_id
            and delivered_lines.sales_order_item = %(model)s.sales_order_item
    )
    {%- endif -%}
{%- endset %}
with{{ delta_keys_cte(delta) }}

delivered_lines as (
    select * from {{ ref('int_cts_delivered_lines') }}
    where {{ in_fact_delta('int_cost_to_serve_lines', delta, 'int_cts_delivered_lines') }}
),

costed_items as (
    select * from {{ ref('int_cts_delivery_items') }}
    {{- in_delta_lines | format(model='int_cts_delivery_items') }}
),

charge_allocations as (
    select * from {{ ref('int_freight_charge_allocations') }}
    {{- in_delta_lines | format(model='int_freight_charge_allocations') }}
),

overhead_allocations as (
    select * from {{ ref('int_shared_overhead_allocations') }}
    {{- in_delta_lines | format(model='int_shared_overhead_allocations') }}
),

freight_accruals as (
    select * from {{ ref('int_freight_accruals') }}
    {{- in_delta_lines | format(model='int_freight_accruals') }}
),

cost_rates as (
    select * from {{ ref('serving_cost_rates') }}
),

line_items as (
    select
        sales_order_id,
        sales_order_item,
        count(*) as delivery_item_count,
        {{ exact_sum("delivered_weight_kg") }} as delivered_weight_kg
    from costed_items
    group by sales_order_id, sales_order_item
),

line_charges as (
    select
        sales_order_id,
        sales_order_item,
        {{ line_charge_pool_sums() }}
    from charge_allocations
    group by sales_order_id, sales_order_item
),

line_accruals as (
    select
        sales_order_id,
        sales_order_item,
        {{ exact_sum("accrued_amount_rc") }} as accrued_freight
    from freight_accruals
    group by sales_order_id, sales_order_item
),

line_overheads as (
    select
        sales_order_id,
        sales_order_item,
        {{ exact_sum("allocated_amount_rc") }} as shared_overhead
    from overhead_allocations
    group by sales_order_id, sales_order_item
),

{# every delivered line of the order, also those outside the lines recomputed #}
order_delivered_lines as (
    select
        sales_order_id,
        count(*) as delivered_line_count
    {%- if delta is not none %}
    from {{ ref('int_cts_delivered_lines') }}
    where sales_order_id in (select delivered_lines.sales_order_id from delivered_lines)
    {%- else %}
    from delivered_lines
    {%- endif %}
    group by sales_order_id
),

line_costs as (
    select
        delivered_lines.sales_order_id,
        delivered_lines.sales_order_item,
        delivered_lines.customer_id,
        delivered_lines.product_id,
        delivered_lines.plant_id,
        delivered_lines.channel,
        delivered_lines.order_date,
        delivered_lines.order_month,
        delivered_lines.ordered_qty,
        delivered_lines.delivered_qty,
        coalesce(line_items.delivery_item_count, 0) as delivery_item_count,
        coalesce(line_items.delivered_weight_kg, 0.0) as delivered_weight_kg,
        delivered_lines.revenue,
        delivered_lines.cogs,
        delivered_lines.has_standard_cost,
        coalesce(line_charges.freight, 0.0) + coalesce(line_accruals.accrued_freight, 0.0)
            as freight,
        coalesce(line_charges.freight, 0.0) as invoiced_freight,
        coalesce(line_accruals.accrued_freight, 0.0) as accrued_freight,
        line_accruals.sales_order_id is not null as is_accrued,
        coalesce(line_charges.expediting, 0.0) as expediting,
        coalesce(line_charges.returns, 0.0) as returns,
        coalesce(line_items.delivery_item_count, 0) * cost_rates.handling_rate_per_delivery_item
        + coalesce(line_items.delivered_weight_kg, 0.0) * cost_rates.handling_rate_per_kg
            as handling,
        cost_rates.order_processing_rate_per_order
        / order_delivered_lines.delivered_line_count as order_processing,
        coalesce(line_overheads.shared_overhead, 0.0) as shared_overhead
    from delivered_lines
    cross join cost_rates
    inner join order_delivered_lines
        on delivered_lines.sales_order_id = order_delivered_lines.sales_order_id
    left join line_items
        on
            delivered_lines.sales_order_id = line_items.sales_order_id
            and delivered_lines.sales_order_item = line_items.sales_order_item
    left join line_charges
        on
            delivered_lines.sales_order_id = line_charges.sales_order_id
            and delivered_lines.sales_order_item = line_charges.sales_order_item
    left join line_accruals
        on
            delivered_lines.sales_order_id = line_accruals.sales_order_id
            and delivered_lines.sales_order_item = line_accruals.sales_order_item
    left join line_overheads
        on
            delivered_lines.sales_order_id = line_overheads.sales_order_id
            and delivered_lines.sales_order_item = line_overheads.sales_order_item
),

line_totals as (
    select
        *,
        freight + expediting + returns + handling + order_processing + shared_overhead
            as cost_to_serve,
        revenue - cogs
        - (freight + expediting + returns + handling + order_processing + shared_overhead)
            as net_margin
    from line_costs
)

select * from line_totals
