{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='charge_id',
        on_schema_change='fail',
        full_refresh=as_of_full_refresh(),
    )
}}
{# One row per freight charge. Delta, large: one row per charge; a re-sent charge supersedes by
   extract date, file and row. Incremental over rows loaded since the last run (delete+insert
   on charge_id). #}
-- noqa: disable=LT02
{# (indentation is checked on the rendered loop/branches, which sqlfluff cannot map back) #}
with

base as (
    select * from {{ ref('base_tms__freight_charge') }}
    where _parse_errors is null
    {%- if is_incremental() %}
        and {{ as_of_incremental_rows(this) }}
    {%- endif %}
),

latest as (
    {{ latest_versions(
        'base',
        ['charge_id', 'shipment_id', 'carrier_id', 'charge_type', 'amount', 'currency',
         'invoiced_at', 'invoice_date'],
        ['charge_id'],
    ) }}
)

select * from latest
