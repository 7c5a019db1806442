{# One row per sales order line (not cancelled) whose product segment and customer segment
   call for conflicting policies per the seed's conflict rules (`*` = any class or segment,
   an optional range of delivery priority numbers, min to max inclusive, either end open),
   with the escalation path. A line matching several
   rules is listed once, under the lowest rule id. #}
with

valued_lines as (
    select * from {{ ref('int_sales_order_lines_valued') }}
),

product_segments as (
    select * from {{ ref('dim_product_segments') }}
),

customer_segments as (
    select * from {{ ref('dim_customer_segments') }}
),

conflict_rules as (
    select * from {{ ref('segment_policy_conflicts') }}
),

segmented_lines as (
    select
        valued_lines.sales_order_id,
        valued_lines.sales_order_item,
        valued_lines.customer_id,
        valued_lines.product_id,
        valued_lines.order_date,
        valued_lines.delivery_priority,
        product_segments.abc_class,
        product_segments.xyz_class,
        product_segments.product_segment,
        customer_segments.customer_segment
    from valued_lines
    inner join product_segments
        on valued_lines.product_id = product_segments.product_id
    inner join customer_segments
        on valued_lines.customer_id = customer_segments.customer_id
),

matches as (
    select
        segmented_lines.*,
        conflict_rules.rule_id,
        conflict_rules.conflict,
        conflict_rules.escalation_path,
        row_number() over (
            partition by segmented_lines.sales_order_id, segmented_lines.sales_order_item
            order by conflict_rules.rule_id
        ) as rule_rank
    from segmented_lines
    inner join conflict_rules
        on
            conflict_rules.abc_class in ('*', segmented_lines.abc_class)
            and conflict_rules.xyz_class in ('*', segmented_lines.xyz_class)
            and conflict_rules.customer_segment in ('*', segmented_lines.customer_segment)
            and (
                conflict_rules.min_delivery_priority is null
                or segmented_lines.delivery_priority >= conflict_rules.min_delivery_priority
            )
            and (
                conflict_rules.max_delivery_priority is null
                or segmented_lines.delivery_priority <= conflict_rules.max_delivery_priority
            )
),

first_matches as (
    select
        sales_order_id,
        sales_order_item,
        customer_id,
        product_id,
        order_date,
        delivery_priority,
        abc_class,
        xyz_class,
        product_segment,
        customer_segment,
        rule_id,
        conflict,
        escalation_path
    from matches
    where rule_rank = 1
)

select * from first_matches
