{# One row per PO header. Delta: the latest LAST_UPDATE_DATE per key.
   Rows with an unparseable value are left to STG01 quarantine (int_unparseable_rows_quarantined). #}
with

base as (
    select * from {{ ref('base_oracle__po_header') }}
    where _parse_errors is null
),

ranked as (
    select
        *,
        {{ latest_version_rank(['po_header_id'], 'last_updated_at') }} as _version_rank
    from base
),

latest as (
    select
        po_header_id,
        po_number,
        procurement_bu_id,
        document_type,
        source_supplier_id,
        currency,
        agent_id,
        document_status,
        po_date,
        last_updated_at,
        _extract_date,
        _source_file,
        _row_number
    from ranked
    where _version_rank = 1
)

select * from latest
