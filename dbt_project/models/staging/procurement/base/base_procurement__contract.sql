{# One row per raw procurement/contract row typed and normalised, with its unparseable fields. #}
with

source as (
    {{ landed_as_of('raw', 'procurement__contract') }}
),

parsed as (
    select
        *,
        {{ parse_iso_date('valid_from') }} as valid_from_date,
        {{ parse_iso_date('valid_to') }} as valid_to_date,
        {{ parse_number('price_unit') }} as price_unit_number
    from source
),

typed as (
    select
        {{ normalize_id('contract_id') }} as contract_id,
        {{ normalize_id('contract_item') }} as contract_item,
        {{ normalize_id('supplier_id') }} as supplier_id,
        {{ normalize_id('material_id') }} as product_id,
        valid_from_date as valid_from,
        valid_to_date as valid_to,
        upper(trim(currency)) as currency,
        price_unit_number as price_unit,
        upper(trim(contract_type)) as contract_type,
        {{ parse_errors([
            unparseable_field('valid_from', 'valid_from', 'valid_from_date'),
            unparseable_field('valid_to', 'valid_to', 'valid_to_date'),
            unparseable_field('price_unit', 'price_unit', 'price_unit_number'),
        ]) }} as _parse_errors,
        {{ row_content_hash([
            'contract_id', 'contract_item', 'supplier_id', 'material_id', 'valid_from', 'valid_to',
            'currency', 'price_unit', 'contract_type'
        ]) }} as _row_hash,
        {{ raw_metadata_columns() }}
    from parsed
)

select * from typed
