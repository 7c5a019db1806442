{# One row per raw tms/carrier row typed and normalised. #}
with

source as (
    {{ landed_as_of('raw', 'tms__carrier') }}
),

typed as (
    select
        {{ normalize_id('carrier_id') }} as carrier_id,
        trim(name) as name,
        upper(trim(scac)) as scac,
        {{ json_scalar('modes') }} as modes_json,
        cast(null as {{ dbt.type_string() }}) as _parse_errors,
        {{ row_content_hash(['carrier_id', 'name', 'scac', 'modes']) }} as _row_hash,
        {{ raw_metadata_columns() }}
    from source
)

select * from typed
