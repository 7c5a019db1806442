{# Every freight charge invoiced on or before the as-of date, with its cost pool. This is the
   "charged" side of the allocation ledger: each of these charges ends up either allocated to
   delivery items or in int_cost_pool_unallocated. #}
with

freight_charges as (
    select * from {{ ref('fct_freight_charges') }}
),

charge_type_pools as (
    select * from {{ ref('serving_charge_type_pools') }}
),

as_of as (
    select * from {{ ref('int_as_of') }}
),

charges_with_pools as (
    select
        freight_charges.charge_id,
        freight_charges.shipment_id,
        upper(freight_charges.charge_type) as charge_type,
        {# An unmapped charge type is kept (as unallocated), never dropped #}
        coalesce(charge_type_pools.cost_pool, 'unmapped') as cost_pool,
        cast(freight_charges.amount as double) as amount,
        freight_charges.currency,
        cast(freight_charges.amount_rc as double) as amount_rc,
        freight_charges.invoice_date,
        freight_charges.invoice_month
    from freight_charges
    cross join as_of
    left join charge_type_pools
        on upper(freight_charges.charge_type) = upper(charge_type_pools.charge_type)
    where freight_charges.invoice_date <= as_of.as_of_date
)

select * from charges_with_pools
