{# One row per raw erp/customer row typed and normalised, with its unparseable fields (STG01). #}
with

source as (
    {{ landed_as_of('raw', 'erp__customer') }}
),

parsed as (
    select
        *,
        {{ parse_sap_date('erdat') }} as created_date
    from source
),

typed as (
    select
        {{ normalize_id('kunnr') }} as customer_id,
        trim(name1) as name,
        upper(trim(land1)) as country,
        upper(trim(regio)) as region,
        {{ normalize_id('vtweg') }} as channel_code,
        {{ sales_channel_name(normalize_id('vtweg')) }} as channel,
        {{ normalize_id('hkunnr') }} as parent_customer_id,
        created_date,
        {{ parse_errors([
            unparseable_field('ERDAT', 'erdat', 'created_date'),
        ]) }} as _parse_errors,
        {{ row_content_hash(['kunnr', 'name1', 'land1', 'regio', 'vtweg', 'hkunnr', 'erdat']) }} as _row_hash,
        {{ raw_metadata_columns() }}
    from parsed
)

select * from typed
