{%- set max_walk = 10 -%}
{# One row per customer (ERP is the system of record) with its hierarchy flattened: level_1
   is the top-level account, level_<depth> the customer itself, every level the walk can reach
   exposed (level_1 ... level_{{ max_walk }}, so no level of a valid hierarchy is cut off). The walk up the parent chain
   is a fixed number of self-joins ({{ max_walk }}), so it can never loop: a customer that is
   its own ancestor is in a cycle, one whose chain is still going after {{ max_walk }} steps
   runs into a cycle (real hierarchies have 2 to 4 levels). Both are data errors, reported
   (rule MD01) and treated as their own top account. A parent missing from the master ends
   the chain (the customer is then the top of what is known). Plus the UNKNOWN member. #}
-- noqa: disable=LT02
{# (indentation is checked on the rendered loop/branches, which sqlfluff cannot map back) #}
with

sap_customers as (
    select * from {{ ref('stg_erp__customers') }}
    where customer_id is not null
),

oracle_customers as (
    select * from {{ ref('int_oracle__customers') }}
    where customer_id is not null
),

{# SAP owns a shared customer's attributes; Oracle-only accounts come from Oracle (top level). #}
customers as (
    select
        sap_customers.customer_id,
        sap_customers.name,
        sap_customers.country,
        sap_customers.region,
        sap_customers.channel,
        sap_customers.parent_customer_id,
        case when oracle_customers.customer_id is null then 'sap' else 'sap,oracle' end as source_systems,
        false as is_xref_unmapped
    from sap_customers
    left join oracle_customers
        on sap_customers.customer_id = oracle_customers.customer_id
    union all
    select
        oracle_customers.customer_id,
        oracle_customers.name,
        oracle_customers.country,
        oracle_customers.region,
        oracle_customers.channel,
        oracle_customers.parent_customer_id,
        'oracle' as source_systems,
        oracle_customers.is_xref_unmapped
    from oracle_customers
    where
        not exists (
            select 1 from sap_customers
            where sap_customers.customer_id = oracle_customers.customer_id
        )
),

walk as (
    select
        c0.customer_id
        {%- for step in range(1, max_walk + 1) %},
        c{{ step }}.customer_id as ancestor_{{ step }}
        {%- endfor %}
    from customers as c0
    {%- for step in range(1, max_walk + 1) %}
    left join customers as c{{ step }}
        on c{{ step - 1 }}.parent_customer_id = c{{ step }}.customer_id
    {%- endfor %}
),

measured as (
    select
        customer_id,
        {%- for step in range(1, max_walk + 1) %}
        ancestor_{{ step }},
        {%- endfor %}
        (
            {%- for step in range(1, max_walk + 1) %}
            case when ancestor_{{ step }} is not null then 1 else 0 end{% if not loop.last %} +{% endif %}
            {%- endfor %}
        ) as ancestor_count,
        customer_id in (
            {%- for step in range(1, max_walk + 1) %}
            coalesce(ancestor_{{ step }}, ''){% if not loop.last %},{% endif %}
            {%- endfor %}
        ) as is_in_cycle,
        ancestor_{{ max_walk }} is not null as has_broken_hierarchy
    from walk
),

flattened as (
    select
        customer_id,
        case when is_in_cycle or has_broken_hierarchy then 1 else ancestor_count + 1 end as hierarchy_depth,
        is_in_cycle,
        has_broken_hierarchy,
        {%- for level in range(1, max_walk + 1) %}
        case
            when is_in_cycle or has_broken_hierarchy then {% if level == 1 %}customer_id{% else %}null{% endif %}
            {%- for depth in range(level, max_walk + 1) %}
            when ancestor_count + 1 = {{ depth }} then {{ 'customer_id' if depth == level else 'ancestor_' ~ (depth - level) }}
            {%- endfor %}
        end as level_{{ level }}_customer_id{% if not loop.last %},{% endif %}
        {%- endfor %}
    from measured
),

described as (
    select
        customers.customer_id,
        customers.name,
        customers.country,
        customers.region,
        customers.channel,
        customers.parent_customer_id,
        flattened.level_1_customer_id as top_customer_id,
        {%- for level in range(1, max_walk + 1) %}
        flattened.level_{{ level }}_customer_id,
        {%- endfor %}
        flattened.hierarchy_depth,
        flattened.is_in_cycle,
        flattened.has_broken_hierarchy,
        false as is_unknown_member,
        customers.source_systems,
        customers.is_xref_unmapped
    from customers
    inner join flattened
        on customers.customer_id = flattened.customer_id
),

with_unknown as (
    select * from described
    union all
    select
        'UNKNOWN' as customer_id,
        'Unknown customer' as name,
        cast(null as {{ dbt.type_string() }}) as country,
        cast(null as {{ dbt.type_string() }}) as region,
        cast(null as {{ dbt.type_string() }}) as channel,
        cast(null as {{ dbt.type_string() }}) as parent_customer_id,
        'UNKNOWN' as top_customer_id,
        'UNKNOWN' as level_1_customer_id,
        {%- for level in range(2, max_walk + 1) %}
        cast(null as {{ dbt.type_string() }}) as level_{{ level }}_customer_id,
        {%- endfor %}
        1 as hierarchy_depth,
        false as is_in_cycle,
        false as has_broken_hierarchy,
        true as is_unknown_member,
        cast(null as {{ dbt.type_string() }}) as source_systems,
        false as is_xref_unmapped
)

select * from with_unknown
