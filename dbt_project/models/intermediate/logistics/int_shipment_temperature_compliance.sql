{# One row per temperature-controlled shipment (TMS flag): its allowed range and what its IoT
   readings say. The range is the tightest of the temperature-controlled material groups
   (seed temperature_controlled_categories) among the products it carries: the greatest
   minimum and the least maximum. A plausible reading (CR09) is in range when
   min <= temperature <= max, a reading exactly at a limit included; each reading out of
   range counts for the logger's reading interval (seed carrier_scorecard_parameters).
   A shipment is compliant when it has plausible readings, a known range and none out of it;
   without readings or range its compliance is unknown (null).
   Incremental per shipment on DuckDB (macros/incremental.sql): the shipments with a new
   version, new readings or a re-sent delivery item are recomputed; a changed product, seed
   or Oracle mapping rebuilds it. #}
{{ fact_delta_config() }}
{%- set delta = fact_delta_watermark('int_shipment_temperature_compliance') %}
with{{ delta_keys_cte(delta) }}

shipments as (
    select * from {{ ref('fct_shipments') }}
    where
        is_temperature_controlled
        and {{ in_fact_delta('int_shipment_temperature_compliance', delta, 'fct_shipments') }}
),

shipment_deliveries as (
    select * from {{ ref('fct_shipment_deliveries') }}
    where {{ in_fact_delta('int_shipment_temperature_compliance', delta, 'fct_shipment_deliveries') }}
),

delivery_items as (
    select * from {{ ref('fct_delivery_items') }}
),

products as (
    select * from {{ ref('dim_product') }}
),

categories as (
    select * from {{ ref('temperature_controlled_categories') }}
),

readings as (
    select * from {{ ref('stg_iot__shipment_readings') }}
    where {{ in_fact_delta('int_shipment_temperature_compliance', delta, 'stg_iot__shipment_readings') }}
),

parameters as (
    select reading_interval_minutes from {{ ref('carrier_scorecard_parameters') }}
),

shipment_ranges as (
    select
        shipment_deliveries.shipment_id,
        max(categories.min_temp_c) as min_temp_c,
        min(categories.max_temp_c) as max_temp_c
    from shipment_deliveries
    inner join delivery_items
        on shipment_deliveries.delivery_id = delivery_items.delivery_id
    inner join products
        on delivery_items.product_id = products.product_id
    inner join categories
        on products.material_group = categories.material_group
    group by shipment_deliveries.shipment_id
),

reading_counts as (
    select
        readings.shipment_id,
        count(case when readings.is_plausible then 1 end) as plausible_readings,
        count(case when not readings.is_plausible then 1 end) as implausible_readings,
        count(
            case
                when
                    readings.is_plausible
                    and (
                        readings.temperature_c < shipment_ranges.min_temp_c
                        or readings.temperature_c > shipment_ranges.max_temp_c
                    )
                    then 1
            end
        ) as readings_out_of_range
    from readings
    left join shipment_ranges
        on readings.shipment_id = shipment_ranges.shipment_id
    group by readings.shipment_id
),

final as (
    select
        shipments.shipment_id,
        shipment_ranges.min_temp_c,
        shipment_ranges.max_temp_c,
        coalesce(reading_counts.plausible_readings, 0) as plausible_readings,
        coalesce(reading_counts.implausible_readings, 0) as implausible_readings,
        coalesce(reading_counts.readings_out_of_range, 0) as readings_out_of_range,
        coalesce(reading_counts.readings_out_of_range, 0) * parameters.reading_interval_minutes
            as minutes_out_of_range,
        coalesce(reading_counts.plausible_readings, 0) > 0 as is_monitored,
        case
            when coalesce(reading_counts.plausible_readings, 0) > 0 and shipment_ranges.min_temp_c is not null
                then reading_counts.readings_out_of_range = 0
        end as is_temperature_compliant
    from shipments
    cross join parameters
    left join shipment_ranges
        on shipments.shipment_id = shipment_ranges.shipment_id
    left join reading_counts
        on shipments.shipment_id = reading_counts.shipment_id
)

select * from final
