{# One row per raw pos/store row with normalised ids. #}
with

source as (
    {{ landed_as_of('raw', 'pos__store') }}
),

typed as (
    select
        {{ normalize_id('store_id') }} as store_id,
        {{ normalize_id('customer_id') }} as customer_id,
        trim(name) as name,
        upper(trim(country)) as country,
        trim(timezone) as timezone,
        cast(null as {{ dbt.type_string() }}) as _parse_errors,
        {{ row_content_hash(['store_id', 'customer_id', 'name', 'country', 'timezone']) }} as _row_hash,
        {{ raw_metadata_columns() }}
    from source
)

select * from typed
