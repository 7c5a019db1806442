{# MD01: one row per check and extract date of erp/customer: customers in a hierarchy cycle
   (hierarchy_cycle) or whose parent chain runs into one (hierarchy_into_cycle), on the
   customer's latest extract. #}
with

customers as (
    select * from {{ ref('dim_customer') }}
    where not is_unknown_member
),

customer_extracts as (
    select * from {{ ref('stg_erp__customers') }}
),

customers_checked as (
    select
        customer_extracts._extract_date as extract_date,
        case
            when customers.is_in_cycle then 'hierarchy_cycle'
            when customers.has_broken_hierarchy then 'hierarchy_into_cycle'
        end as hierarchy_defect
    from customers
    inner join customer_extracts
        on customers.customer_id = customer_extracts.customer_id
),

counted as (
    {{ count_rule_checks(
        'MD01', 'customers_checked',
        source="'erp/customer'",
        extract_date='extract_date',
        failure='hierarchy_defect',
    ) }}
)

select * from counted
