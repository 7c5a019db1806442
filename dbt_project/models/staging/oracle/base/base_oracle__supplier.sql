{# One row per raw oracle/supplier row typed and normalised, with its unparseable fields. #}
with

source as (
    {{ landed_as_of('raw', 'oracle__supplier') }}
),

parsed as (
    select
        *,
        {{ parse_iso_date('end_date_active') }} as end_date_active_date
    from source
),

typed as (
    select
        {{ normalize_id('vendor_id') }} as source_supplier_id,
        {{ normalize_id('segment1') }} as supplier_number,
        trim(vendor_name) as name,
        upper(trim(country)) as country,
        upper(trim(vendor_type_lookup_code)) as vendor_type,
        coalesce(upper(trim(enabled_flag)) = 'Y', false) as is_enabled,
        end_date_active_date as end_date_active,
        {{ parse_errors([
            unparseable_field('END_DATE_ACTIVE', 'end_date_active', 'end_date_active_date'),
        ]) }} as _parse_errors,
        {{ row_content_hash([
            'vendor_id', 'segment1', 'vendor_name', 'country', 'vendor_type_lookup_code',
            'enabled_flag', 'end_date_active'
        ]) }} as _row_hash,
        {{ raw_metadata_columns() }}
    from parsed
)

select * from typed
