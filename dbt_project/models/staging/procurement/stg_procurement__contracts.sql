{# One row per contract item. Snapshot: each contract item as of the latest extract that carries it.
   Rows with an unparseable value are left to STG01 quarantine (int_unparseable_rows_quarantined). #}
with

base as (
    select * from {{ ref('base_procurement__contract') }}
    where _parse_errors is null
),

ranked as (
    select
        *,
        {{ latest_version_rank(['contract_id', 'contract_item']) }} as _version_rank
    from base
),

latest as (
    select
        contract_id,
        contract_item,
        supplier_id,
        product_id,
        valid_from,
        valid_to,
        currency,
        price_unit,
        contract_type,
        _extract_date,
        _source_file,
        _row_number
    from ranked
    where _version_rank = 1
)

select * from latest
