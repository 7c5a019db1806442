{# One row per store. Snapshot: each store as of the latest extract that carries it.
   Rows with an unparseable value are left to STG01 quarantine (int_unparseable_rows_quarantined). #}
with

base as (
    select * from {{ ref('base_pos__store') }}
    where _parse_errors is null
),

ranked as (
    select
        *,
        {{ latest_version_rank(['store_id']) }} as _version_rank
    from base
),

latest as (
    select
        store_id,
        customer_id,
        name,
        country,
        timezone,
        _extract_date,
        _source_file,
        _row_number
    from ranked
    where _version_rank = 1
)

select * from latest
