{# One row per raw procurement/contract_price_tier row typed, with its unparseable fields. #}
with

source as (
    {{ landed_as_of('raw', 'procurement__contract_price_tier') }}
),

parsed as (
    select
        *,
        {{ parse_number('min_qty') }} as min_qty_number,
        {{ parse_number('unit_price') }} as unit_price_number
    from source
),

typed as (
    select
        {{ normalize_id('contract_id') }} as contract_id,
        {{ normalize_id('contract_item') }} as contract_item,
        min_qty_number as min_qty,
        unit_price_number as unit_price,
        {{ parse_errors([
            unparseable_field('min_qty', 'min_qty', 'min_qty_number'),
            unparseable_field('unit_price', 'unit_price', 'unit_price_number'),
        ]) }} as _parse_errors,
        {{ row_content_hash(['contract_id', 'contract_item', 'min_qty', 'unit_price']) }} as _row_hash,
        {{ raw_metadata_columns() }}
    from parsed
)

select * from typed
