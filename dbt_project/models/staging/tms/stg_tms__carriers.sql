{# One row per carrier. Snapshot: each carrier as of the latest extract that carries it.
   Rows with an unparseable value are left to STG01 quarantine (int_unparseable_rows_quarantined). #}
with

base as (
    select * from {{ ref('base_tms__carrier') }}
    where _parse_errors is null
),

ranked as (
    select
        *,
        {{ latest_version_rank(['carrier_id']) }} as _version_rank
    from base
),

latest as (
    select
        carrier_id,
        name,
        scac,
        modes_json,
        _extract_date,
        _source_file,
        _row_number
    from ranked
    where _version_rank = 1
)

select * from latest
