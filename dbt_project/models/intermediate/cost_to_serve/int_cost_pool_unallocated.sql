{# One row per charge or pool-month that could not be allocated to a delivered sales order
   line, with the reason. Nothing charged is dropped: the allocation ledger adds these to the
   allocated amounts to give back what was charged. #}
with

charges as (
    select * from {{ ref('int_freight_charges_in_scope') }}
),

charge_allocations as (
    select * from {{ ref('int_freight_charge_allocations') }}
),

pool_months as (
    select * from {{ ref('int_shared_cost_pool_months') }}
),

overhead_allocations as (
    select * from {{ ref('int_shared_overhead_allocations') }}
),

allocated_charge_ids as (
    select distinct charge_id
    from charge_allocations
),

unallocated_charges as (
    select
        'freight_charge' as source_type,
        charges.charge_id as source_id,
        charges.cost_pool,
        charges.invoice_month as month,
        charges.shipment_id,
        charges.charge_type,
        charges.amount,
        charges.currency,
        charges.amount_rc as unallocated_amount_rc,
        case
            when charges.cost_pool = 'unmapped' then 'unmapped_charge_type'
            when charges.amount_rc is null then 'no_reporting_currency_amount'
            else 'no_costed_delivery_items'
        end as reason
    from charges
    left join allocated_charge_ids
        on charges.charge_id = allocated_charge_ids.charge_id
    where allocated_charge_ids.charge_id is null
),

allocated_pool_months as (
    select distinct
        pool_id,
        month
    from overhead_allocations
),

unallocated_pool_months as (
    select
        'shared_cost_pool' as source_type,
        pool_months.pool_id as source_id,
        pool_months.pool_id as cost_pool,
        pool_months.month,
        cast(null as {{ dbt.type_string() }}) as shipment_id,
        cast(null as {{ dbt.type_string() }}) as charge_type,
        pool_months.charged_amount_rc as amount,
        cast(null as {{ dbt.type_string() }}) as currency,
        pool_months.charged_amount_rc as unallocated_amount_rc,
        'no_delivered_lines_in_month' as reason
    from pool_months
    left join allocated_pool_months
        on
            pool_months.pool_id = allocated_pool_months.pool_id
            and pool_months.month = allocated_pool_months.month
    where allocated_pool_months.pool_id is null
),

unallocated as (
    select * from unallocated_charges
    union all
    select * from unallocated_pool_months
)

select * from unallocated
