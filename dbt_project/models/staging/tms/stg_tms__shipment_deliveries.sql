{{ extract_date_delta_config(
    'shipment_id',
    pre_hook="{{ delete_rows_of_changed_keys(changed_shipments(), ['shipment_id']) }}",
) }}
{# One row per shipment and ERP delivery it carries: the latest shipment version's
   deliveries array exploded, delivery numbers CR08-normalised. Incremental: only the
   shipments whose kept version changed since the last run are exploded again; the pre-hook
   first removes every stored row of those shipments, so a delivery a new version no longer
   carries (or a shipment that now carries none) leaves no stale row. #}
-- noqa: disable=LT02
{# (indentation is checked on the rendered loop/branches, which sqlfluff cannot map back) #}
with

shipments as (
    {%- if is_incremental() %}
    {{ changed_shipments() }}
    {%- else %}
    select * from {{ ref('stg_tms__shipments') }}
    {%- endif %}
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
