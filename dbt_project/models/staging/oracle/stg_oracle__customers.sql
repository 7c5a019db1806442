{# One row per customer account. Snapshot: each customer account as of the latest extract that carries it.
   Rows with an unparseable value are left to STG01 quarantine (int_unparseable_rows_quarantined). #}
with

base as (
    select * from {{ ref('base_oracle__customer') }}
    where _parse_errors is null
),

ranked as (
    select
        *,
        {{ latest_version_rank(['source_customer_id']) }} as _version_rank
    from base
),

latest as (
    select
        source_customer_id,
        account_number,
        name,
        country,
        state,
        sales_channel_code,
        account_status,
        created_date,
        _extract_date,
        _source_file,
        _row_number
    from ranked
    where _version_rank = 1
)

select * from latest
