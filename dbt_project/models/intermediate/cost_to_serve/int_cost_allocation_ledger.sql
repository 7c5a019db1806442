{# One row per cost pool x month: what was charged (invoiced, or the shared pools), what was
   accrued (freight estimated for delivered items whose shipment has no freight invoiced
   yet), what was allocated to delivered sales order lines (charges and accruals) and what
   stayed unallocated, unrounded. Conservation (allocated + unallocated = charged + accrued,
   to the cent) is the invariant the tests and quality suites check. A freight charge's month
   is its invoice month; an accrual's month is the order month of its line; a shared pool's
   month is the order month it covers. #}
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

unallocated as (
    select * from {{ ref('int_cost_pool_unallocated') }}
),

freight_accruals as (
    select * from {{ ref('int_freight_accruals') }}
),

movements as (
    select
        cost_pool,
        'freight_charge' as source_type,
        invoice_month as month,
        amount_rc as charged,
        0.0 as accrued,
        0.0 as allocated,
        0.0 as unallocated
    from charges
    union all
    select
        pool_id as cost_pool,
        'shared_cost_pool' as source_type,
        month,
        charged_amount_rc as charged,
        0.0 as accrued,
        0.0 as allocated,
        0.0 as unallocated
    from pool_months
    union all
    select
        cost_pool,
        'freight_charge' as source_type,
        invoice_month as month,
        0.0 as charged,
        0.0 as accrued,
        allocated_amount_rc as allocated,
        0.0 as unallocated
    from charge_allocations
    union all
    select
        pool_id as cost_pool,
        'shared_cost_pool' as source_type,
        month,
        0.0 as charged,
        0.0 as accrued,
        allocated_amount_rc as allocated,
        0.0 as unallocated
    from overhead_allocations
    union all
    select
        cost_pool,
        source_type,
        month,
        0.0 as charged,
        0.0 as accrued,
        0.0 as allocated,
        unallocated_amount_rc as unallocated
    from unallocated
    union all
    {# an accrual is estimated per costed item, so it is allocated in full #}
    select
        'freight' as cost_pool,
        'freight_charge' as source_type,
        order_month as month,
        0.0 as charged,
        accrued_amount_rc as accrued,
        accrued_amount_rc as allocated,
        0.0 as unallocated
    from freight_accruals
),

ledger as (
    select
        cost_pool,
        case
            when source_type = 'shared_cost_pool' then 'shared_overhead'
            else cost_pool
        end as cost_component,
        month,
        coalesce({{ exact_sum("charged") }}, 0.0) as charged,
        coalesce({{ exact_sum("accrued") }}, 0.0) as accrued,
        coalesce({{ exact_sum("allocated") }}, 0.0) as allocated,
        coalesce({{ exact_sum("unallocated") }}, 0.0) as unallocated
    from movements
    group by cost_pool, source_type, month
)

select * from ledger
