{# One row per raw erp/vendor row typed and normalised. #}
with

source as (
    {{ landed_as_of('raw', 'erp__vendor') }}
),

typed as (
    select
        {{ normalize_id('lifnr') }} as supplier_id,
        trim(name1) as name,
        upper(trim(land1)) as country,
        upper(trim(ktokk)) as account_group,
        {{ parse_sap_flag('sperr') }} as is_blocked,
        cast(null as {{ dbt.type_string() }}) as _parse_errors,
        {{ row_content_hash(['lifnr', 'name1', 'land1', 'ktokk', 'sperr']) }} as _row_hash,
        {{ raw_metadata_columns() }}
    from source
)

select * from typed
