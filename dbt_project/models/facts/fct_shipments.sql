{{ fact_delta_config() }}
{# One row per shipment (latest version): timestamps in UTC, the delivery's local date in
   its own offset, weight in kg, carrier and ship-to on their masters or UNKNOWN (CR06).
   Incremental (macros/incremental.sql): the shipments reopened since the last build, unless
   a carrier or a customer changed, which rebuilds it. #}
{%- set delta = fact_delta_watermark('fct_shipments') %}
with{{ delta_keys_cte(delta) }}

shipments as (
    select * from {{ ref('stg_tms__shipments') }}
    where {{ in_fact_delta('fct_shipments', delta, 'stg_tms__shipments') }}
),

carriers as (
    select carrier_id from {{ ref('dim_carrier') }}
    where not is_unknown_member
),

customers as (
    select customer_id from {{ ref('dim_customer') }}
    where not is_unknown_member
),

conformed as (
    select
        shipments.shipment_id,
        coalesce(carriers.carrier_id, 'UNKNOWN') as carrier_id,
        shipments.carrier_id as source_carrier_id,
        shipments.mode,
        shipments.origin_plant_id,
        coalesce(customers.customer_id, 'UNKNOWN') as ship_to_customer_id,
        shipments.ship_to_customer_id as source_ship_to_customer_id,
        shipments.planned_pickup_at,
        shipments.picked_up_at,
        shipments.planned_delivery_at,
        shipments.delivered_at,
        shipments.delivered_local_date,
        shipments.distance_km,
        shipments.weight_kg,
        shipments.is_temperature_controlled,
        shipments.has_temperature_excursion,
        shipments.status,
        shipments.updated_at
    from shipments
    left join carriers
        on shipments.carrier_id = carriers.carrier_id
    left join customers
        on shipments.ship_to_customer_id = customers.customer_id
)

select * from conformed
