{# One row per contract item and price tier. Snapshot: each tier as of the latest extract that carries it.
   Rows with an unparseable value are left to STG01 quarantine (int_unparseable_rows_quarantined). #}
with

base as (
    select * from {{ ref('base_procurement__contract_price_tier') }}
    where _parse_errors is null
),

ranked as (
    select
        *,
        {{ latest_version_rank(['contract_id', 'contract_item', 'min_qty']) }} as _version_rank
    from base
),

latest as (
    select
        contract_id,
        contract_item,
        min_qty,
        unit_price,
        _extract_date,
        _source_file,
        _row_number
    from ranked
    where _version_rank = 1
)

select * from latest
