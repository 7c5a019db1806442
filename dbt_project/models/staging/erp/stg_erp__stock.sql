{# One row per snapshot date, material and plant (daily snapshot).
   Rows with an unparseable value are left to STG01 quarantine (int_unparseable_rows_quarantined). #}
with

base as (
    select * from {{ ref('base_erp__stock') }}
    where _parse_errors is null
),

ranked as (
    select
        *,
        {{ latest_version_rank(['snapshot_date', 'product_id', 'plant_id']) }} as _version_rank
    from base
),

latest as (
    select
        snapshot_date,
        product_id,
        plant_id,
        unrestricted_qty,
        inspection_qty,
        blocked_qty,
        _extract_date,
        _source_file,
        _row_number
    from ranked
    where _version_rank = 1
)

select * from latest
