{# One row per standard cost record (CST_STD_COSTS: cost organisation, cost book, item and
   inventory organisation over an effective date range). Snapshot: each record as of the
   latest extract that carries it; the cost valid on a date is chosen downstream
   (int_oracle__material_plants). Rows with an unparseable value are left to STG01 quarantine
   (int_unparseable_rows_quarantined). #}
with

base as (
    select * from {{ ref('base_oracle__standard_cost') }}
    where _parse_errors is null
),

ranked as (
    select
        *,
        {{ latest_version_rank(['std_cost_id'], 'last_updated_at') }} as _version_rank
    from base
),

latest as (
    select
        std_cost_id,
        cost_org_id,
        cost_book_id,
        source_item_id,
        organization_id,
        effective_start_date,
        effective_end_date,
        total_cost,
        currency,
        uom,
        last_updated_at,
        _extract_date,
        _source_file,
        _row_number
    from ranked
    where _version_rank = 1
)

select * from latest
