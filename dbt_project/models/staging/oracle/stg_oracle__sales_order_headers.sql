{# One row per sales order header. Delta: the latest LAST_UPDATE_DATE per key.
   Rows with an unparseable value are left to STG01 quarantine (int_unparseable_rows_quarantined). #}
with

base as (
    select * from {{ ref('base_oracle__sales_order_header') }}
    where _parse_errors is null
),

ranked as (
    select
        *,
        {{ latest_version_rank(['header_id'], 'last_updated_at') }} as _version_rank
    from base
),

latest as (
    select
        header_id,
        order_number,
        source_customer_id,
        order_date,
        currency,
        order_status,
        last_updated_at,
        _extract_date,
        _source_file,
        _row_number
    from ranked
    where _version_rank = 1
)

select * from latest
