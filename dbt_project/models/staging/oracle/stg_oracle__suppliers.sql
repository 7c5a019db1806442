{# One row per supplier. Snapshot: each supplier as of the latest extract that carries it.
   Rows with an unparseable value are left to STG01 quarantine (int_unparseable_rows_quarantined). #}
with

base as (
    select * from {{ ref('base_oracle__supplier') }}
    where _parse_errors is null
),

ranked as (
    select
        *,
        {{ latest_version_rank(['source_supplier_id']) }} as _version_rank
    from base
),

latest as (
    select
        source_supplier_id,
        supplier_number,
        name,
        country,
        vendor_type,
        is_enabled,
        end_date_active,
        _extract_date,
        _source_file,
        _row_number
    from ranked
    where _version_rank = 1
)

select * from latest
