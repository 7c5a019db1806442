{# One row per raw tms/freight_charge row typed; invoiced_at to UTC, the invoice date is the local
   date in the invoice's own offset. #}
with

source as (
    {{ landed_as_of('raw', 'tms__freight_charge') }}
),

parsed as (
    select
        *,
        {{ parse_number(json_scalar('amount'), 'decimal(18, 4)') }} as amount_number,
        {{ parse_timestamp_with_offset_utc(json_scalar('invoiced_at')) }} as invoiced_at_utc
    from source
),

typed as (
    select
        {{ normalize_id('charge_id') }} as charge_id,
        {{ normalize_id('shipment_id') }} as shipment_id,
        {{ normalize_id('carrier_id') }} as carrier_id,
        upper(trim(charge_type)) as charge_type,
        amount_number as amount,
        upper(trim(currency)) as currency,
        invoiced_at_utc as invoiced_at,
        cast({{ parse_timestamp_local_part(json_scalar('invoiced_at')) }} as date) as invoice_date,
        {{ parse_errors([
            unparseable_field('amount', json_scalar('amount'), 'amount_number'),
            unparseable_field('invoiced_at', json_scalar('invoiced_at'), 'invoiced_at_utc'),
        ]) }} as _parse_errors,
        {{ row_content_hash(['charge_id', 'shipment_id', 'carrier_id', 'charge_type', 'amount', 'currency', 'invoiced_at']) }} as _row_hash,
        {{ raw_metadata_columns() }}
    from parsed
)

select * from typed
