{{ extract_date_delta_config(
    ['shipment_id', 'device_id', 'reading_at'],
    post_hook="{{ record_landed_watermark(plausibility_parameters()) }}",
) }}
-- depends_on: {{ ref('int_as_of') }}
{# One row per shipment, logger and reading instant (UTC). Delta: a reading sent twice (a
   duplicate line, a micro-batch landed twice, the same instant written in another offset)
   is kept once (CR05), the latest delivery winning; readings arrive out of order across
   micro-batches, so order comes from reading_at, never from the file. CR09 flags readings
   outside the physically plausible range of seed carrier_scorecard_parameters (is_plausible false):
   kept here, left out of temperature compliance. Incremental: only readings landed since the
   last run are read and compared with the stored version of their key; all of them again
   when the plausible range changed (the flag of every stored reading depends on it). #}
-- noqa: disable=LT02
{# (indentation is checked on the rendered loop/branches, which sqlfluff cannot map back) #}
with

base as (
    select * from {{ ref('base_iot__shipment_reading') }}
    where _parse_errors is null
    {%- if is_incremental() %}
        and {{ landed_after_watermark(plausibility_parameters()) }}
    {%- endif %}
),

latest as (
    {{ latest_versions(
        'base',
        ['shipment_id', 'device_id', 'reading_at', 'temperature_c', 'shock_g'],
        ['shipment_id', 'device_id', 'reading_at'],
    ) }}
),

parameters as (
    select
        plausible_temperature_min_c,
        plausible_temperature_max_c,
        plausible_shock_max_g
    from {{ ref('carrier_scorecard_parameters') }}
),

flagged as (
    select
        latest.shipment_id,
        latest.device_id,
        latest.reading_at,
        latest.temperature_c,
        latest.shock_g,
        case
            when latest.temperature_c < parameters.plausible_temperature_min_c then 'temperature_below_plausible'
            when latest.temperature_c > parameters.plausible_temperature_max_c then 'temperature_above_plausible'
            when latest.shock_g < 0 or latest.shock_g > parameters.plausible_shock_max_g then 'shock_implausible'
        end as cr09_failure,
        latest._source_file,
        latest._extract_date,
        latest._row_number,
        latest._load_id,
        latest._loaded_at
    from latest
    cross join parameters
),

final as (
    select
        shipment_id,
        device_id,
        reading_at,
        temperature_c,
        shock_g,
        cr09_failure is null as is_plausible,
        cr09_failure,
        _source_file,
        _extract_date,
        _row_number,
        _load_id,
        _loaded_at
    from flagged
)

select * from final
