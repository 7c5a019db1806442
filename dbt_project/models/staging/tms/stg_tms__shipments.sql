{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='shipment_id',
        on_schema_change='fail',
        full_refresh=as_of_full_refresh(),
    )
}}
{# One row per shipment. Delta, large: TMS re-sends a shipment as it progresses; keep the
   greatest updated_at. Incremental: only rows loaded since the last run are read, compared
   with the current version of their keys, and the winners replace those keys (delete+insert). #}
-- noqa: disable=LT02
{# (indentation is checked on the rendered loop/branches, which sqlfluff cannot map back) #}
with

base as (
    select * from {{ ref('base_tms__shipment') }}
    where _parse_errors is null
    {%- if is_incremental() %}
        and {{ as_of_incremental_rows(this) }}
    {%- endif %}
),

latest as (
    {{ latest_versions(
        'base',
        ['shipment_id', 'carrier_id', 'mode', 'origin_plant_id', 'ship_to_customer_id',
         'deliveries_json', 'planned_pickup_at', 'picked_up_at', 'planned_delivery_at',
         'delivered_at', 'delivered_local_date', 'distance_km', 'weight_value', 'weight_unit',
         'weight_kg', 'is_temperature_controlled', 'has_temperature_excursion', 'status',
         'updated_at'],
        ['shipment_id'],
        'updated_at',
    ) }}
)

select * from latest
