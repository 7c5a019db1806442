{# One row per currency pair and valid-from date. Snapshot: each rate (pair, valid-from) as of the latest extract that carries it.
   Rows with an unparseable value are left to STG01 quarantine (int_unparseable_rows_quarantined). #}
with

base as (
    select * from {{ ref('base_erp__fx_rate') }}
    where _parse_errors is null
),

ranked as (
    select
        *,
        {{ latest_version_rank(['from_currency', 'to_currency', 'valid_from']) }} as _version_rank
    from base
),

latest as (
    select
        from_currency,
        to_currency,
        valid_from,
        rate,
        _extract_date,
        _source_file,
        _row_number
    from ranked
    where _version_rank = 1
)

select * from latest
