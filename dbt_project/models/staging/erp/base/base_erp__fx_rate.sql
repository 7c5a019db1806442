{# One row per raw erp/fx_rate row typed (1 from_currency = rate to_currency from valid_from). #}
with

source as (
    {{ landed_as_of('raw', 'erp__fx_rate') }}
),

parsed as (
    select
        *,
        {{ parse_sap_date('gdatu') }} as valid_from,
        {{ parse_sap_number('ukurs', 'decimal(18, 8)') }} as rate
    from source
),

typed as (
    select
        upper(trim(fcurr)) as from_currency,
        upper(trim(tcurr)) as to_currency,
        valid_from,
        rate,
        {{ parse_errors([
            unparseable_field('GDATU', 'gdatu', 'valid_from'),
            unparseable_field('UKURS', 'ukurs', 'rate'),
        ]) }} as _parse_errors,
        {{ row_content_hash(['fcurr', 'tcurr', 'gdatu', 'ukurs']) }} as _row_hash,
        {{ raw_metadata_columns() }}
    from parsed
)

select * from typed
