{# One row per material (product). Snapshot: the latest version of each material over all snapshots (greatest LAEDA, then latest extract).
   Rows with an unparseable value are left to STG01 quarantine (int_unparseable_rows_quarantined). #}
with

base as (
    select * from {{ ref('base_erp__material') }}
    where _parse_errors is null
),

ranked as (
    select
        *,
        {{ latest_version_rank(['product_id'], 'last_changed_date') }} as _version_rank
    from base
),

latest as (
    select
        product_id,
        description,
        material_type,
        material_group,
        base_unit,
        gross_weight,
        weight_unit,
        gross_weight_kg,
        gtin,
        is_deleted,
        last_changed_date,
        _extract_date,
        _source_file,
        _row_number
    from ranked
    where _version_rank = 1
)

select * from latest
