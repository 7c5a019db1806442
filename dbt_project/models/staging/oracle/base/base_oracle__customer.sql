{# One row per raw oracle/customer row typed and normalised, with its unparseable fields. #}
with

source as (
    {{ landed_as_of('raw', 'oracle__customer') }}
),

parsed as (
    select
        *,
        cast({{ parse_timestamp_with_offset_utc('creation_date') }} as date) as creation_date_date
    from source
),

typed as (
    select
        {{ normalize_id('cust_account_id') }} as source_customer_id,
        {{ normalize_id('account_number') }} as account_number,
        trim(party_name) as name,
        upper(trim(country)) as country,
        upper(trim(state)) as state,
        upper(trim(sales_channel_code)) as sales_channel_code,
        upper(trim(status)) as account_status,
        creation_date_date as created_date,
        {{ parse_errors([
            unparseable_field('CREATION_DATE', 'creation_date', 'creation_date_date'),
        ]) }} as _parse_errors,
        {{ row_content_hash([
            'cust_account_id', 'account_number', 'party_name', 'country', 'state',
            'sales_channel_code', 'status', 'creation_date'
        ]) }} as _row_hash,
        {{ raw_metadata_columns() }}
    from parsed
)

select * from typed
