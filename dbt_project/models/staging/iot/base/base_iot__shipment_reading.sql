{# One row per raw iot/shipment_reading row typed: the reading's timestamp to UTC from its own
   offset (a logger writes its plant's zone or Z), temperature in °C and shock in g as numbers. #}
with

source as (
    {{ landed_as_of('raw', 'iot__shipment_reading') }}
),

parsed as (
    select
        *,
        {{ parse_timestamp_with_offset_utc(json_scalar('reading_at')) }} as reading_at_utc,
        {{ parse_number(json_scalar('temperature_c'), 'decimal(9, 2)') }} as temperature_number,
        {{ parse_number(json_scalar('shock_g'), 'decimal(9, 2)') }} as shock_number
    from source
),

typed as (
    select
        {{ normalize_id('shipment_id') }} as shipment_id,
        {{ normalize_id('device_id') }} as device_id,
        reading_at_utc as reading_at,
        temperature_number as temperature_c,
        shock_number as shock_g,
        {{ parse_errors([
            unparseable_field('reading_at', json_scalar('reading_at'), 'reading_at_utc'),
            unparseable_field('temperature_c', json_scalar('temperature_c'), 'temperature_number'),
            unparseable_field('shock_g', json_scalar('shock_g'), 'shock_number'),
        ]) }} as _parse_errors,
        {{ row_content_hash(['shipment_id', 'device_id', 'reading_at', 'temperature_c', 'shock_g']) }} as _row_hash,
        {{ raw_metadata_columns() }}
    from parsed
)

select * from typed
