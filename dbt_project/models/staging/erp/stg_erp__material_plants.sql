{# One row per material and plant. Snapshot: each material/plant as of the latest extract that carries it.
   Rows with an unparseable value are left to STG01 quarantine (int_unparseable_rows_quarantined). #}
with

base as (
    select * from {{ ref('base_erp__material_plant') }}
    where _parse_errors is null
),

ranked as (
    select
        *,
        {{ latest_version_rank(['product_id', 'plant_id']) }} as _version_rank
    from base
),

latest as (
    select
        product_id,
        plant_id,
        planned_lead_time_days,
        safety_stock_qty,
        standard_price,
        price_unit,
        currency,
        _extract_date,
        _source_file,
        _row_number
    from ranked
    where _version_rank = 1
)

select * from latest
