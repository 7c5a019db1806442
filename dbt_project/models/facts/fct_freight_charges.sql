{{ fact_delta_config() }}
{# One row per freight charge: amount in the reporting currency at the rate valid on the
   invoice date (the local date of invoiced_at), invoice month for cost pools, carrier on its
   master or UNKNOWN (CR06). Charges of shipments unknown to TMS are kept.
   Incremental (macros/incremental.sql): the charges of the keys reopened since the last
   build, unless a carrier or an FX rate changed, which rebuilds it. #}
{%- set delta = fact_delta_watermark('fct_freight_charges') %}
with{{ delta_keys_cte(delta) }}

charges as (
    select * from {{ ref('stg_tms__freight_charges') }}
    where
        {{ dated_by_as_of('invoice_date') }}
        and {{ in_fact_delta('fct_freight_charges', delta, 'stg_tms__freight_charges') }}
),

carriers as (
    select carrier_id from {{ ref('dim_carrier') }}
    where not is_unknown_member
),

converted as (
    select
        charges.charge_id,
        charges.shipment_id,
        coalesce(carriers.carrier_id, 'UNKNOWN') as carrier_id,
        charges.carrier_id as source_carrier_id,
        charges.charge_type,
        cast(charges.amount as double) as amount,
        charges.currency,
        {{ to_reporting_currency('charges.amount', 'fx') }} as amount_rc,
        charges.invoiced_at,
        charges.invoice_date,
        cast({{ dbt.date_trunc('month', 'charges.invoice_date') }} as date) as invoice_month
    from charges
    left join carriers
        on charges.carrier_id = carriers.carrier_id
    {{ fx_rate_join('fx', 'charges.currency', 'charges.invoice_date') }}
)

select * from converted
