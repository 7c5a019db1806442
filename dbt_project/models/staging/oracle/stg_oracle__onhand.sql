{# One row per snapshot date, item, organisation and subinventory. Daily snapshot.
   Rows with an unparseable value are left to STG01 quarantine (int_unparseable_rows_quarantined). #}
with

base as (
    select * from {{ ref('base_oracle__onhand') }}
    where _parse_errors is null
),

ranked as (
    select
        *,
        {{ latest_version_rank(['snapshot_date', 'source_item_id', 'organization_id', 'subinventory_code']) }} as _version_rank
    from base
),

latest as (
    select
        snapshot_date,
        source_item_id,
        organization_id,
        subinventory_code,
        quantity,
        _extract_date,
        _source_file,
        _row_number
    from ranked
    where _version_rank = 1
)

select * from latest
