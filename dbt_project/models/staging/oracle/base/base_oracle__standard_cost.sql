{# One row per raw oracle/standard_cost row typed and normalised, with its unparseable fields. #}
with

source as (
    {{ landed_as_of('raw', 'oracle__standard_cost') }}
),

parsed as (
    select
        *,
        {{ parse_number('total_cost') }} as total_cost_number,
        {{ parse_iso_date('effective_start_date') }} as effective_start_date_date,
        {{ parse_iso_date('effective_end_date') }} as effective_end_date_date,
        {{ parse_timestamp_with_offset_utc('last_update_date') }} as last_update_date_ts
    from source
),

typed as (
    select
        {{ normalize_id('std_cost_id') }} as std_cost_id,
        {{ normalize_id('cost_org_id') }} as cost_org_id,
        {{ normalize_id('cost_book_id') }} as cost_book_id,
        {{ normalize_id('inventory_item_id') }} as source_item_id,
        {{ normalize_id('organization_id') }} as organization_id,
        effective_start_date_date as effective_start_date,
        effective_end_date_date as effective_end_date,
        total_cost_number as total_cost,
        upper(trim(currency_code)) as currency,
        upper(trim(uom_code)) as uom,
        last_update_date_ts as last_updated_at,
        {{ parse_errors([
            unparseable_field('TOTAL_COST', 'total_cost', 'total_cost_number'),
            unparseable_field('EFFECTIVE_START_DATE', 'effective_start_date', 'effective_start_date_date'),
            unparseable_field('EFFECTIVE_END_DATE', 'effective_end_date', 'effective_end_date_date'),
            unparseable_field('LAST_UPDATE_DATE', 'last_update_date', 'last_update_date_ts'),
        ]) }} as _parse_errors,
        {{ row_content_hash([
            'std_cost_id', 'cost_org_id', 'cost_book_id', 'inventory_item_id', 'organization_id',
            'effective_start_date', 'effective_end_date', 'total_cost', 'currency_code',
            'uom_code', 'last_update_date'
        ]) }} as _row_hash,
        {{ raw_metadata_columns() }}
    from parsed
)

select * from typed
