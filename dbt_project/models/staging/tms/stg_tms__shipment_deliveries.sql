{# One row per shipment and ERP delivery it carries: the latest shipment version's
   deliveries array exploded, delivery numbers CR08-normalised. #}
with

shipments as (
    select * from {{ ref('stg_tms__shipments') }}
),

exploded as (
    select
        shipment_id,
        {{ json_array_explode('deliveries_json') }} as raw_delivery_id
    from shipments
    where deliveries_json is not null
),

normalised as (
    select distinct
        shipment_id,
        {{ normalize_id('raw_delivery_id') }} as delivery_id
    from exploded
)

select * from normalised
