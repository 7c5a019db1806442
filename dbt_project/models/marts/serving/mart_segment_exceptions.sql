{# One row per sales order line with a policy conflict between its product segment and its
   customer segment, with the escalation path (seed). #}
with

conflicts as (
    select * from {{ ref('int_order_line_policy_conflicts') }}
),

final as (
    select
        cast(sales_order_id as varchar) as sales_order_id,
        cast(sales_order_item as varchar) as sales_order_item,
        cast(customer_id as varchar) as customer_id,
        cast(product_id as varchar) as product_id,
        cast(order_date as date) as order_date,
        cast(delivery_priority as integer) as delivery_priority,
        cast(product_segment as varchar) as product_segment,
        cast(customer_segment as varchar) as customer_segment,
        cast(rule_id as varchar) as rule_id,
        cast(conflict as varchar) as conflict,
        cast(escalation_path as varchar) as escalation_path
    from conflicts
)

select * from final
