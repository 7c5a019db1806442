{# One row per currency and validity interval: 1 from_currency = rate reporting currency.
   Direct X->reporting rows are used as delivered; where ERP only carries the other
   direction (reporting->X) on a valid-from date, the inverse 1/rate is used. The reporting
   currency itself has rate 1 from the beginning of time, so one join converts every amount
   (see macro fx_rate_join). valid_to is exclusive (the next valid-from), null = open. #}
with

fx_rates as (
    select * from {{ ref('stg_erp__fx_rates') }}
),

reporting_currency as (
    select currency_code from {{ ref('reporting_currency') }}
),

direct_rates as (
    select
        fx_rates.from_currency,
        fx_rates.valid_from,
        cast(fx_rates.rate as double) as rate,
        false as is_inverse
    from fx_rates
    inner join reporting_currency
        on fx_rates.to_currency = reporting_currency.currency_code
    where fx_rates.rate > 0
),

inverse_rates as (
    select
        fx_rates.to_currency as from_currency,
        fx_rates.valid_from,
        1.0 / cast(fx_rates.rate as double) as rate,
        true as is_inverse
    from fx_rates
    inner join reporting_currency
        on fx_rates.from_currency = reporting_currency.currency_code
    where
        fx_rates.rate > 0
        and fx_rates.to_currency <> reporting_currency.currency_code
        and not exists (
            select 1
            from direct_rates
            where
                direct_rates.from_currency = fx_rates.to_currency
                and direct_rates.valid_from = fx_rates.valid_from
        )
),

identity_rate as (
    select
        currency_code as from_currency,
        cast('1900-01-01' as date) as valid_from,
        1.0 as rate,
        false as is_inverse
    from reporting_currency
),

all_rates as (
    select * from direct_rates
    union all
    select * from inverse_rates
    union all
    select * from identity_rate
),

with_validity as (
    select
        all_rates.from_currency,
        reporting_currency.currency_code as to_currency,
        all_rates.valid_from,
        lead(all_rates.valid_from) over (
            partition by all_rates.from_currency
            order by all_rates.valid_from
        ) as valid_to,
        all_rates.rate,
        all_rates.is_inverse
    from all_rates
    cross join reporting_currency
)

select * from with_validity
