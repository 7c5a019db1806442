{# One row per PO schedule. Delta: the latest LAST_UPDATE_DATE per key.
   Rows with an unparseable value are left to STG01 quarantine (int_unparseable_rows_quarantined). #}
with

base as (
    select * from {{ ref('base_oracle__po_schedule') }}
    where _parse_errors is null
),

ranked as (
    select
        *,
        {{ latest_version_rank(['line_location_id'], 'last_updated_at') }} as _version_rank
    from base
),

latest as (
    select
        line_location_id,
        po_line_id,
        po_header_id,
        shipment_num,
        organization_id,
        quantity,
        quantity_received,
        quantity_cancelled,
        need_by_date,
        promised_date,
        is_cancelled,
        last_updated_at,
        _extract_date,
        _source_file,
        _row_number
    from ranked
    where _version_rank = 1
)

select * from latest
