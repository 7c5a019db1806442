{# One row per costed delivery item on a shipment that has no freight invoiced yet (no
   LINEHAUL, FUEL, ACCESSORIAL or DETENTION charge - the freight pool - invoiced on or before
   the as-of date): the estimated freight accrued for it = its delivered weight x the cost per
   kg observed for the shipment's carrier, lane (origin plant to ship-to country) and mode
   over the shipments whose freight was invoiced in the trailing window (seed
   serving_freight_accrual_parameters, default 90 days ending on the as-of date), or, where
   that carrier, lane and mode have no such history, the mode's tariff (seed
   serving_freight_tariffs); no tariff either leaves 0, reported as no_rate. Once a freight
   charge of the shipment is invoiced (a later as-of date), its items are no longer accrued:
   the invoice replaces the estimate, never adds to it. Expediting and returns are incidental
   and not accrued. Unrounded; month = the line's order month. #}
with

charges as (
    select * from {{ ref('int_freight_charges_in_scope') }}
),

charge_allocations as (
    select * from {{ ref('int_freight_charge_allocations') }}
),

shipment_deliveries as (
    select * from {{ ref('fct_shipment_deliveries') }}
),

costed_items as (
    select * from {{ ref('int_cts_delivery_items') }}
),

shipments as (
    select * from {{ ref('fct_shipments') }}
),

customers as (
    select * from {{ ref('dim_customer') }}
),

tariffs as (
    select * from {{ ref('serving_freight_tariffs') }}
),

parameters as (
    select * from {{ ref('serving_freight_accrual_parameters') }}
),

as_of as (
    select as_of_date from {{ ref('int_as_of') }}
),

shipment_lanes as (
    select
        shipments.shipment_id,
        shipments.carrier_id,
        upper(shipments.mode) as mode,
        {{ dbt.concat([
            "coalesce(shipments.origin_plant_id, '?')",
            "'>'",
            "coalesce(customers.country, '?')",
        ]) }} as lane
    from shipments
    left join customers
        on shipments.ship_to_customer_id = customers.customer_id
),

invoiced_shipments as (
    select distinct charges.shipment_id
    from charges
    where
        charges.cost_pool = 'freight'
        and charges.amount_rc is not null
),

{# shipments whose freight was invoiced in the window, with the freight allocated to their
   items and those items' weight #}
window_shipments as (
    select distinct charges.shipment_id
    from charges
    cross join as_of
    cross join parameters
    where
        charges.cost_pool = 'freight'
        and charges.amount_rc is not null
        and charges.invoice_date > {{ dbt.dateadd('day', '- parameters.freight_accrual_window_days', 'as_of.as_of_date') }}
),

{# distinct: a delivery listed twice on a shipment must not weigh twice (as in allocation).
   Only the items read below: of the shipments to accrue (no freight invoiced) and of the
   window's shipments; the others, most of the history, would only be dropped again. #}
shipment_items as (
    select distinct
        shipment_deliveries.shipment_id,
        costed_items.delivery_id,
        costed_items.delivery_item,
        costed_items.sales_order_id,
        costed_items.sales_order_item,
        costed_items.order_month,
        costed_items.delivered_weight_kg
    from shipment_deliveries
    left join invoiced_shipments
        on shipment_deliveries.shipment_id = invoiced_shipments.shipment_id
    left join window_shipments
        on shipment_deliveries.shipment_id = window_shipments.shipment_id
    inner join costed_items
        on shipment_deliveries.delivery_id = costed_items.delivery_id
    where invoiced_shipments.shipment_id is null or window_shipments.shipment_id is not null
),

window_freight as (
    select
        charge_allocations.shipment_id,
        {{ exact_sum("charge_allocations.allocated_amount_rc") }} as freight_rc
    from charge_allocations
    inner join window_shipments
        on charge_allocations.shipment_id = window_shipments.shipment_id
    where charge_allocations.cost_pool = 'freight'
    group by charge_allocations.shipment_id
),

window_weights as (
    select
        shipment_items.shipment_id,
        {{ exact_sum("shipment_items.delivered_weight_kg") }} as weight_kg
    from shipment_items
    inner join window_shipments
        on shipment_items.shipment_id = window_shipments.shipment_id
    group by shipment_items.shipment_id
),

observed_rates as (
    select
        shipment_lanes.carrier_id,
        shipment_lanes.lane,
        shipment_lanes.mode,
        {{ exact_sum("window_freight.freight_rc") }} / {{ exact_sum("window_weights.weight_kg") }} as rate_per_kg_rc
    from window_freight
    inner join window_weights
        on window_freight.shipment_id = window_weights.shipment_id
    inner join shipment_lanes
        on window_freight.shipment_id = shipment_lanes.shipment_id
    group by shipment_lanes.carrier_id, shipment_lanes.lane, shipment_lanes.mode
    having {{ exact_sum("window_weights.weight_kg") }} > 0
),

items_to_accrue as (
    select
        shipment_items.shipment_id,
        shipment_lanes.carrier_id,
        shipment_lanes.lane,
        shipment_lanes.mode,
        shipment_items.delivery_id,
        shipment_items.delivery_item,
        shipment_items.sales_order_id,
        shipment_items.sales_order_item,
        shipment_items.order_month,
        shipment_items.delivered_weight_kg,
        observed_rates.rate_per_kg_rc as observed_rate_per_kg_rc,
        cast(tariffs.rate_per_kg_rc as double) as tariff_rate_per_kg_rc
    from shipment_items
    left join invoiced_shipments
        on shipment_items.shipment_id = invoiced_shipments.shipment_id
    left join shipment_lanes
        on shipment_items.shipment_id = shipment_lanes.shipment_id
    left join observed_rates
        on
            shipment_lanes.carrier_id = observed_rates.carrier_id
            and shipment_lanes.lane = observed_rates.lane
            and shipment_lanes.mode = observed_rates.mode
    left join tariffs
        on shipment_lanes.mode = upper(tariffs.mode)
    where invoiced_shipments.shipment_id is null
),

accruals as (
    select
        shipment_id,
        carrier_id,
        lane,
        mode,
        delivery_id,
        delivery_item,
        sales_order_id,
        sales_order_item,
        order_month,
        delivered_weight_kg,
        case
            when observed_rate_per_kg_rc is not null then 'observed'
            when tariff_rate_per_kg_rc is not null then 'tariff'
            else 'no_rate'
        end as accrual_basis,
        coalesce(observed_rate_per_kg_rc, tariff_rate_per_kg_rc, 0.0) as rate_per_kg_rc,
        delivered_weight_kg * coalesce(observed_rate_per_kg_rc, tariff_rate_per_kg_rc, 0.0)
            as accrued_amount_rc
    from items_to_accrue
)

select * from accruals
