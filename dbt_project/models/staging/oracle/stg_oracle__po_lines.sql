{# One row per PO line. Delta: the latest LAST_UPDATE_DATE per key.
   Rows with an unparseable value are left to STG01 quarantine (int_unparseable_rows_quarantined). #}
with

base as (
    select * from {{ ref('base_oracle__po_line') }}
    where _parse_errors is null
),

ranked as (
    select
        *,
        {{ latest_version_rank(['po_line_id'], 'last_updated_at') }} as _version_rank
    from base
),

latest as (
    select
        po_line_id,
        po_header_id,
        line_num,
        source_item_id,
        uom,
        unit_price,
        quantity,
        source_agreement_id,
        is_cancelled,
        last_updated_at,
        _extract_date,
        _source_file,
        _row_number
    from ranked
    where _version_rank = 1
)

select * from latest
