{{
    config(
        materialized=extract_date_incremental_materialization(),
        incremental_strategy='delete+insert',
        unique_key='shipment_id',
        on_schema_change='fail',
        full_refresh=as_of_full_refresh(),
        pre_hook="{{ delete_rows_of_changed_keys(changed_shipments(), ['shipment_id']) }}",
        post_hook="{{ record_landed_watermark() }}",
    )
}}
-- depends_on: {{ ref('stg_ingestion__file_ledger') }}
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
