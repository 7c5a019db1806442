{# One row per raw pos/sales_line row (Parquet, already typed) with normalised ids. The sale time
   stays local here; stg_pos__sales_lines converts it with the store's time zone. #}
with

source as (
    {{ landed_as_of('raw', 'pos__sales_line') }}
),

typed as (
    select
        {{ normalize_id('store_id') }} as store_id,
        {{ normalize_id('transaction_id') }} as transaction_id,
        line_no,
        sold_at as sold_local_at,
        {{ normalize_id('gtin') }} as gtin,
        quantity,
        cast(unit_price as double) as unit_price,
        cast(discount_amount as double) as discount_amount,
        upper(trim(currency)) as currency,
        cast(null as {{ dbt.type_string() }}) as _parse_errors,
        {{ row_content_hash([
            'store_id', 'transaction_id', 'line_no', 'sold_at', 'gtin', 'quantity', 'unit_price',
            'discount_amount', 'currency'
        ]) }} as _row_hash,
        {{ raw_metadata_columns() }}
    from source
)

select * from typed
