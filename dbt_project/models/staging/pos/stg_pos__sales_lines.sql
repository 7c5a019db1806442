{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key=['store_id', 'transaction_id', 'line_no'],
        on_schema_change='fail',
        full_refresh=as_of_full_refresh(),
    )
}}
{# One row per POS sales line. Delta, the largest entity: incremental over rows loaded since the last run. The local sale
   time is converted to UTC with the store's IANA time zone (DST-aware); the local sale date
   stays the business date (its ISO week is the local one). A line of a store missing from
   the store master has no time zone: sold_at stays null and CR06 counts it. #}
-- noqa: disable=LT02
{# (indentation is checked on the rendered loop/branches, which sqlfluff cannot map back) #}
with

base as (
    select * from {{ ref('base_pos__sales_line') }}
    where _parse_errors is null
    {%- if is_incremental() %}
        and {{ as_of_incremental_rows(this) }}
    {%- endif %}
),

stores as (
    select * from {{ ref('stg_pos__stores') }}
),

latest as (
    {{ latest_versions(
        'base',
        ['store_id', 'transaction_id', 'line_no', 'sold_local_at', 'gtin', 'quantity',
         'unit_price', 'discount_amount', 'currency'],
        ['store_id', 'transaction_id', 'line_no'],
    ) }}
),

latest_with_time_zone as (
    select
        latest.store_id,
        latest.transaction_id,
        latest.line_no,
        latest.sold_local_at,
        {{ local_to_utc('latest.sold_local_at', 'stores.timezone') }} as sold_at,
        cast(latest.sold_local_at as date) as sold_local_date,
        latest.gtin,
        latest.quantity,
        latest.unit_price,
        latest.discount_amount,
        latest.currency,
        latest.unit_price * latest.quantity - latest.discount_amount as net_amount,
        {{ raw_metadata_columns('latest') }}
    from latest
    left join stores
        on latest.store_id = stores.store_id
)

select * from latest_with_time_zone
