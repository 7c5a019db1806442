{# One row per raw oracle/sales_order_header row typed and normalised, with its unparseable fields. #}
with

source as (
    {{ landed_as_of('raw', 'oracle__sales_order_header') }}
),

parsed as (
    select
        *,
        cast({{ parse_timestamp_with_offset_utc('ordered_date') }} as date) as ordered_date_date,
        {{ parse_timestamp_with_offset_utc('last_update_date') }} as last_update_date_ts
    from source
),

typed as (
    select
        {{ normalize_id('header_id') }} as header_id,
        {{ normalize_id('order_number') }} as order_number,
        {{ normalize_id('sold_to_customer_id') }} as source_customer_id,
        ordered_date_date as order_date,
        upper(trim(transactional_currency_code)) as currency,
        upper(trim(status_code)) as order_status,
        last_update_date_ts as last_updated_at,
        {{ parse_errors([
            unparseable_field('ORDERED_DATE', 'ordered_date', 'ordered_date_date'),
            unparseable_field('LAST_UPDATE_DATE', 'last_update_date', 'last_update_date_ts'),
        ]) }} as _parse_errors,
        {{ row_content_hash([
            'header_id', 'order_number', 'sold_to_customer_id', 'ordered_date',
            'transactional_currency_code', 'status_code', 'last_update_date'
        ]) }} as _row_hash,
        {{ raw_metadata_columns() }}
    from parsed
)

select * from typed
