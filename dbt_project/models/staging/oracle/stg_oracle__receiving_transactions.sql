{# One row per receiving transaction. Delta: rows are never updated; exact re-sends collapse.
   Rows with an unparseable value are left to STG01 quarantine (int_unparseable_rows_quarantined). #}
with

base as (
    select * from {{ ref('base_oracle__receiving_transaction') }}
    where _parse_errors is null
),

ranked as (
    select
        *,
        {{ latest_version_rank(['transaction_id']) }} as _version_rank
    from base
),

latest as (
    select
        transaction_id,
        parent_transaction_id,
        transaction_type,
        transaction_date,
        po_header_id,
        po_line_id,
        line_location_id,
        organization_id,
        quantity,
        uom,
        primary_quantity,
        _extract_date,
        _source_file,
        _row_number
    from ranked
    where _version_rank = 1
)

select * from latest
