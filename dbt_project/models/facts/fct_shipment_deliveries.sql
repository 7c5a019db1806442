{{ fact_delta_config() }}
{# One row per shipment and ERP delivery it carries (latest shipment version).
   Incremental (macros/incremental.sql): every delivery of the shipments reopened since the
   last build (a new version may carry other deliveries). #}
{%- set delta = fact_delta_watermark('fct_shipment_deliveries') %}
with{{ delta_keys_cte(delta) }}

shipment_deliveries as (
    select * from {{ ref('stg_tms__shipment_deliveries') }}
    where {{ in_fact_delta('fct_shipment_deliveries', delta, 'stg_tms__shipment_deliveries') }}
),

links as (
    select
        shipment_id,
        delivery_id
    from shipment_deliveries
    where delivery_id is not null
)

select * from links
