{# One row per sales order line with a policy conflict between its product segment and its
   customer segment, with the escalation path (seed). #}
with

conflicts as (
    select * from {{ ref('int_order_line_policy_conflicts') }}
),

final as (
    select
        cast(sales_order_id as {{ dbt.type_string() }}) as sales_order_id,
        cast(sales_order_item as {{ dbt.type_string() }}) as sales_order_item,
        cast(customer_id as {{ dbt.type_string() }}) as customer_id,
        cast(product_id as {{ dbt.type_string() }}) as product_id,
        cast(order_date as date) as order_date,
        cast(delivery_priority as integer) as delivery_priority,
        cast(product_segment as {{ dbt.type_string() }}) as product_segment,
        cast(customer_segment as {{ dbt.type_string() }}) as customer_segment,
        cast(rule_id as {{ dbt.type_string() }}) as rule_id,
        cast(conflict as {{ dbt.type_string() }}) as conflict,
        cast(escalation_path as {{ dbt.type_string() }}) as escalation_path
    from conflicts
)

select * from final
