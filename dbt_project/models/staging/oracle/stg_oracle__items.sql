{# One row per item. Snapshot: each item as of the latest extract that carries it.
   Rows with an unparseable value are left to STG01 quarantine (int_unparseable_rows_quarantined). #}
with

base as (
    select * from {{ ref('base_oracle__item') }}
    where _parse_errors is null
),

ranked as (
    select
        *,
        {{ latest_version_rank(['source_item_id'], 'last_updated_at') }} as _version_rank
    from base
),

latest as (
    select
        source_item_id,
        item_number,
        description,
        item_type,
        category_code,
        primary_uom,
        unit_weight,
        weight_uom,
        gtin,
        item_status,
        list_price,
        last_updated_at,
        _extract_date,
        _source_file,
        _row_number
    from ranked
    where _version_rank = 1
)

select * from latest
