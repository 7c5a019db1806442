{# One row per raw erp/material row typed and normalised, with its unparseable fields (STG01). #}
with

source as (
    {{ landed_as_of('raw', 'erp__material') }}
),

parsed as (
    select
        *,
        {{ normalize_id('matnr') }} as product_id,
        {{ parse_sap_number('brgew') }} as gross_weight,
        upper(trim(gewei)) as weight_unit,
        {{ parse_sap_date('laeda') }} as last_changed_date
    from source
),

typed as (
    select
        product_id,
        trim(maktx) as description,
        upper(trim(mtart)) as material_type,
        {{ normalize_id('matkl') }} as material_group,
        upper(trim(meins)) as base_unit,
        gross_weight,
        weight_unit,
        {{ weight_to_kg('gross_weight', 'weight_unit') }} as gross_weight_kg,
        {{ normalize_id('ean11') }} as gtin,
        {{ parse_sap_flag('lvorm') }} as is_deleted,
        last_changed_date,
        {{ parse_errors([
            unparseable_field('BRGEW', 'brgew', 'gross_weight'),
            unparseable_field('LAEDA', 'laeda', 'last_changed_date'),
        ]) }} as _parse_errors,
        {{ row_content_hash(['matnr', 'maktx', 'mtart', 'matkl', 'meins', 'brgew', 'gewei', 'ean11', 'lvorm', 'laeda']) }} as _row_hash,
        {{ raw_metadata_columns() }}
    from parsed
)

select * from typed
