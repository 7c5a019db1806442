{# One row per customer. Snapshot: each customer as of the latest extract that carries it.
   Rows with an unparseable value are left to STG01 quarantine (int_unparseable_rows_quarantined). #}
with

base as (
    select * from {{ ref('base_erp__customer') }}
    where _parse_errors is null
),

ranked as (
    select
        *,
        {{ latest_version_rank(['customer_id']) }} as _version_rank
    from base
),

latest as (
    select
        customer_id,
        name,
        country,
        region,
        channel_code,
        channel,
        parent_customer_id,
        created_date,
        _extract_date,
        _source_file,
        _row_number
    from ranked
    where _version_rank = 1
)

select * from latest
