{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key=['store_id', 'transaction_id', 'line_no'],
        on_schema_change='fail',
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
        and _loaded_at > (select max(_loaded_at) from {{ this }})
    {%- endif %}
),

stores as (
    select * from {{ ref('stg_pos__stores') }}
),

candidates as (
    select
        store_id,
        transaction_id,
        line_no,
        sold_local_at,
        gtin,
        quantity,
        unit_price,
        discount_amount,
        currency,
        {{ raw_metadata_columns() }}
    from base
    {%- if is_incremental() %}
    union all
    select
        store_id,
        transaction_id,
        line_no,
        sold_local_at,
        gtin,
        quantity,
        unit_price,
        discount_amount,
        currency,
        {{ raw_metadata_columns() }}
    from {{ this }}
    where exists (
        select 1
        from base
        where
            base.store_id = {{ this }}.store_id
            and base.transaction_id = {{ this }}.transaction_id
            and base.line_no = {{ this }}.line_no
    )
    {%- endif %}
),

ranked as (
    select
        *,
        {{ latest_version_rank(['store_id', 'transaction_id', 'line_no']) }} as _version_rank
    from candidates
),

latest_with_time_zone as (
    select
        ranked.store_id,
        ranked.transaction_id,
        ranked.line_no,
        ranked.sold_local_at,
        {{ local_to_utc('ranked.sold_local_at', 'stores.timezone') }} as sold_at,
        cast(ranked.sold_local_at as date) as sold_local_date,
        ranked.gtin,
        ranked.quantity,
        ranked.unit_price,
        ranked.discount_amount,
        ranked.currency,
        ranked.unit_price * ranked.quantity - ranked.discount_amount as net_amount,
        {{ raw_metadata_columns('ranked') }}
    from ranked
    left join stores
        on ranked.store_id = stores.store_id
    where ranked._version_rank = 1
)

select * from latest_with_time_zone
