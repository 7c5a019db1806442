{# One row per raw oracle/item row typed and normalised, with its unparseable fields. #}
with

source as (
    {{ landed_as_of('raw', 'oracle__item') }}
),

parsed as (
    select
        *,
        {{ parse_number('unit_weight') }} as unit_weight_number,
        {{ parse_number('list_price_per_unit') }} as list_price_per_unit_number,
        {{ parse_timestamp_with_offset_utc('last_update_date') }} as last_update_date_ts
    from source
),

typed as (
    select
        {{ normalize_id('inventory_item_id') }} as source_item_id,
        {{ normalize_id('item_number') }} as item_number,
        trim(description) as description,
        trim(item_type) as item_type,
        upper(trim(category_code)) as category_code,
        upper(trim(primary_uom_code)) as primary_uom,
        unit_weight_number as unit_weight,
        upper(trim(weight_uom_code)) as weight_uom,
        {{ normalize_id('gtin') }} as gtin,
        trim(inventory_item_status_code) as item_status,
        list_price_per_unit_number as list_price,
        last_update_date_ts as last_updated_at,
        {{ parse_errors([
            unparseable_field('UNIT_WEIGHT', 'unit_weight', 'unit_weight_number'),
            unparseable_field('LIST_PRICE_PER_UNIT', 'list_price_per_unit', 'list_price_per_unit_number'),
            unparseable_field('LAST_UPDATE_DATE', 'last_update_date', 'last_update_date_ts'),
        ]) }} as _parse_errors,
        {{ row_content_hash([
            'inventory_item_id', 'item_number', 'description', 'item_type', 'category_code',
            'primary_uom_code', 'unit_weight', 'weight_uom_code', 'gtin',
            'inventory_item_status_code', 'list_price_per_unit', 'last_update_date'
        ]) }} as _row_hash,
        {{ raw_metadata_columns() }}
    from parsed
)

select * from typed
