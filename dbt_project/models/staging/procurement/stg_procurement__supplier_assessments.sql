{# One row per supplier (its latest assessment). Snapshot: the latest assessment per supplier (greatest assessed_on).
   Rows with an unparseable value are left to STG01 quarantine (int_unparseable_rows_quarantined). #}
with

base as (
    select * from {{ ref('base_procurement__supplier_assessment') }}
    where _parse_errors is null
),

ranked as (
    select
        *,
        {{ latest_version_rank(['supplier_id'], 'assessed_on') }} as _version_rank
    from base
),

latest as (
    select
        supplier_id,
        assessed_on,
        supply_risk_score,
        financial_risk_score,
        sustainability_score,
        is_iso9001,
        country_risk,
        _extract_date,
        _source_file,
        _row_number
    from ranked
    where _version_rank = 1
)

select * from latest
