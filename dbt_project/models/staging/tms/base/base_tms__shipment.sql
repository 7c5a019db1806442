{# One row per raw tms/shipment row typed: timestamps to UTC from their own offsets, the local
   delivery date kept in the delivery's offset, weight to kg (CR07). #}
with

source as (
    {{ landed_as_of('raw', 'tms__shipment') }}
),

parsed as (
    select
        *,
        {{ json_scalar('delivered_at') }} as delivered_at_text,
        {{ parse_timestamp_with_offset_utc(json_scalar('planned_pickup_at')) }} as planned_pickup_at_utc,
        {{ parse_timestamp_with_offset_utc(json_scalar('picked_up_at')) }} as picked_up_at_utc,
        {{ parse_timestamp_with_offset_utc(json_scalar('planned_delivery_at')) }} as planned_delivery_at_utc,
        {{ parse_timestamp_with_offset_utc(json_scalar('delivered_at')) }} as delivered_at_utc,
        {{ parse_timestamp_with_offset_utc(json_scalar('updated_at')) }} as updated_at_utc,
        {{ parse_number(json_scalar('distance_km'), 'double') }} as distance_km_number,
        {{ parse_number(json_extract_text(json_scalar('weight'), '$.value'), 'double') }} as weight_value,
        lower(trim({{ json_extract_text(json_scalar('weight'), '$.unit') }})) as weight_unit,
        {{ parse_json_boolean(json_scalar('temperature_controlled')) }} as is_temperature_controlled,
        {{ parse_json_boolean(json_scalar('temperature_excursion')) }} as has_temperature_excursion
    from source
),

typed as (
    select
        {{ normalize_id('shipment_id') }} as shipment_id,
        {{ normalize_id('carrier_id') }} as carrier_id,
        upper(trim(mode)) as mode,
        {{ normalize_id('origin_plant') }} as origin_plant_id,
        {{ normalize_id('ship_to') }} as ship_to_customer_id,
        {{ json_scalar('deliveries') }} as deliveries_json,
        planned_pickup_at_utc as planned_pickup_at,
        picked_up_at_utc as picked_up_at,
        planned_delivery_at_utc as planned_delivery_at,
        delivered_at_utc as delivered_at,
        cast({{ parse_timestamp_local_part('delivered_at_text') }} as date) as delivered_local_date,
        distance_km_number as distance_km,
        weight_value,
        weight_unit,
        {{ weight_to_kg('weight_value', 'weight_unit') }} as weight_kg,
        is_temperature_controlled,
        has_temperature_excursion,
        upper(trim(status)) as status,
        updated_at_utc as updated_at,
        {{ parse_errors([
            unparseable_field('planned_pickup_at', json_scalar('planned_pickup_at'), 'planned_pickup_at_utc'),
            unparseable_field('picked_up_at', json_scalar('picked_up_at'), 'picked_up_at_utc'),
            unparseable_field('planned_delivery_at', json_scalar('planned_delivery_at'), 'planned_delivery_at_utc'),
            unparseable_field('delivered_at', json_scalar('delivered_at'), 'delivered_at_utc'),
            unparseable_field('updated_at', json_scalar('updated_at'), 'updated_at_utc'),
            unparseable_field('distance_km', json_scalar('distance_km'), 'distance_km_number'),
            unparseable_field('weight', json_scalar('weight'), 'weight_value'),
            unparseable_field('temperature_controlled', json_scalar('temperature_controlled'), 'is_temperature_controlled'),
            unparseable_field('temperature_excursion', json_scalar('temperature_excursion'), 'has_temperature_excursion'),
        ]) }} as _parse_errors,
        {{ row_content_hash([
            'shipment_id', 'carrier_id', 'mode', 'origin_plant', 'ship_to', 'deliveries',
            'planned_pickup_at', 'picked_up_at', 'planned_delivery_at', 'delivered_at', 'distance_km',
            'weight', 'temperature_controlled', 'temperature_excursion', 'status', 'updated_at'
        ]) }} as _row_hash,
        {{ raw_metadata_columns() }}
    from parsed
)

select * from typed
