{# One row per shipment and ERP delivery it carries (latest shipment version). #}
with

shipment_deliveries as (
    select * from {{ ref('stg_tms__shipment_deliveries') }}
),

links as (
    select
        shipment_id,
        delivery_id
    from shipment_deliveries
    where delivery_id is not null
)

select * from links
