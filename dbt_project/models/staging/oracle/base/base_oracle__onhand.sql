{# One row per raw oracle/onhand row typed and normalised, with its unparseable fields. #}
with

source as (
    {{ landed_as_of('raw', 'oracle__onhand') }}
),

parsed as (
    select
        *,
        {{ parse_number('primary_transaction_quantity') }} as primary_transaction_quantity_number
    from source
),

typed as (
    select
        _extract_date as snapshot_date,
        {{ normalize_id('inventory_item_id') }} as source_item_id,
        {{ normalize_id('organization_id') }} as organization_id,
        upper(trim(subinventory_code)) as subinventory_code,
        primary_transaction_quantity_number as quantity,
        {{ parse_errors([
            unparseable_field('PRIMARY_TRANSACTION_QUANTITY', 'primary_transaction_quantity', 'primary_transaction_quantity_number'),
        ]) }} as _parse_errors,
        {{ row_content_hash([
            'inventory_item_id', 'organization_id', 'subinventory_code',
            'primary_transaction_quantity'
        ]) }} as _row_hash,
        {{ raw_metadata_columns() }}
    from parsed
)

select * from typed
