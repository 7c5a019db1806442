{# One row per segment type x segment x month. Members are assigned by their current segment.
   Product and customer segments (order month): revenue, gross margin (amount) and cost to
   serve of the cost-to-serve lines, customer OTIF rate of the lines due, members with at
   least one order line; inventory turns for product segments only (the month's COGS x 12 /
   the month's average stock value). Supplier segments (PO month): supplier OTIF rate of the
   PO lines due, members with at least one PO line; money columns null. Rates average 1/0
   integers: a double on both engines (an average of 1.0 literals is a decimal on Spark). #}
-- noqa: disable=LT02
{# (indentation is checked on the rendered loop/branches, which sqlfluff cannot map back) #}
with

segment_financials as (
    select * from {{ ref('int_segment_month_financials') }}
),

valued_lines as (
    select * from {{ ref('int_sales_order_lines_valued') }}
),

otif_lines as (
    select * from {{ ref('int_sales_order_line_otif') }}
),

stock_months as (
    select * from {{ ref('int_product_stock_month') }}
),

po_line_kpis as (
    select * from {{ ref('int_supplier_po_line_kpis') }}
),

product_segments as (
    select * from {{ ref('dim_product_segments') }}
),

customer_segments as (
    select * from {{ ref('dim_customer_segments') }}
),

supplier_segments as (
    select * from {{ ref('dim_supplier_segments') }}
),

as_of as (
    select * from {{ ref('int_as_of') }}
),

order_lines as (
    select
        valued_lines.product_id,
        valued_lines.customer_id,
        valued_lines.order_month as month
    from valued_lines
    cross join as_of
    where valued_lines.order_date <= as_of.as_of_date
),

members as (
    {%- for member in ['product', 'customer'] %}
    {%- if not loop.first %}
    union all
    {%- endif %}
    select
        '{{ member }}' as segment_type,
        coalesce({{ member }}_segments.{{ member }}_segment, 'unsegmented') as segment,
        order_lines.month,
        count(distinct order_lines.{{ member }}_id) as member_count
    from order_lines
    left join {{ member }}_segments
        on order_lines.{{ member }}_id = {{ member }}_segments.{{ member }}_id
    group by coalesce({{ member }}_segments.{{ member }}_segment, 'unsegmented'), order_lines.month
    {%- endfor %}
),

otif as (
    {%- for member in ['product', 'customer'] %}
    {%- if not loop.first %}
    union all
    {%- endif %}
    select
        '{{ member }}' as segment_type,
        coalesce({{ member }}_segments.{{ member }}_segment, 'unsegmented') as segment,
        otif_lines.order_month as month,
        {{ exact_avg("case when otif_lines.is_otif then 1 else 0 end") }} as otif_rate
    from otif_lines
    left join {{ member }}_segments
        on otif_lines.{{ member }}_id = {{ member }}_segments.{{ member }}_id
    group by
        coalesce({{ member }}_segments.{{ member }}_segment, 'unsegmented'), otif_lines.order_month
    {%- endfor %}
),

stock as (
    select
        'product' as segment_type,
        coalesce(product_segments.product_segment, 'unsegmented') as segment,
        stock_months.month,
        {{ exact_sum("stock_months.avg_stock_value_rc") }} as avg_stock_value_rc
    from stock_months
    left join product_segments
        on stock_months.product_id = product_segments.product_id
    group by coalesce(product_segments.product_segment, 'unsegmented'), stock_months.month
),

product_customer_keys as (
    select
        segment_type,
        segment,
        month
    from segment_financials
    union
    select
        segment_type,
        segment,
        month
    from members
    union
    select
        segment_type,
        segment,
        month
    from otif
    union
    select
        segment_type,
        segment,
        month
    from stock
),

product_customer_kpis as (
    select
        product_customer_keys.segment_type,
        product_customer_keys.segment,
        product_customer_keys.month,
        coalesce(segment_financials.revenue, 0.0) as revenue,
        coalesce(segment_financials.revenue, 0.0)
        - coalesce(segment_financials.cogs, 0.0) as gross_margin,
        coalesce(segment_financials.cost_to_serve, 0.0) as cost_to_serve,
        segment_financials.cost_to_serve_pct,
        otif.otif_rate,
        case
            when product_customer_keys.segment_type = 'product' and stock.avg_stock_value_rc > 0
                then coalesce(segment_financials.cogs, 0.0) * 12 / stock.avg_stock_value_rc
        end as inventory_turns,
        coalesce(members.member_count, 0) as member_count
    from product_customer_keys
    left join segment_financials
        on
            product_customer_keys.segment_type = segment_financials.segment_type
            and product_customer_keys.segment = segment_financials.segment
            and product_customer_keys.month = segment_financials.month
    left join members
        on
            product_customer_keys.segment_type = members.segment_type
            and product_customer_keys.segment = members.segment
            and product_customer_keys.month = members.month
    left join otif
        on
            product_customer_keys.segment_type = otif.segment_type
            and product_customer_keys.segment = otif.segment
            and product_customer_keys.month = otif.month
    left join stock
        on
            product_customer_keys.segment_type = stock.segment_type
            and product_customer_keys.segment = stock.segment
            and product_customer_keys.month = stock.month
),

supplier_kpis as (
    select
        'supplier' as segment_type,
        coalesce(supplier_segments.kraljic_segment, 'unsegmented') as segment,
        po_line_kpis.month,
        cast(null as double) as revenue,
        cast(null as double) as gross_margin,
        cast(null as double) as cost_to_serve,
        cast(null as double) as cost_to_serve_pct,
        {% call exact_avg() %}
            case
                when po_line_kpis.is_kpi_eligible and po_line_kpis.is_otif then 1
                when po_line_kpis.is_kpi_eligible then 0
            end
        {% endcall %} as otif_rate,
        cast(null as double) as inventory_turns,
        count(distinct po_line_kpis.supplier_id) as member_count
    from po_line_kpis
    left join supplier_segments
        on po_line_kpis.supplier_id = supplier_segments.supplier_id
    group by coalesce(supplier_segments.kraljic_segment, 'unsegmented'), po_line_kpis.month
),

segment_kpis as (
    select * from product_customer_kpis
    union all
    select * from supplier_kpis
),

final as (
    select
        cast(segment_type as {{ dbt.type_string() }}) as segment_type,
        cast(segment as {{ dbt.type_string() }}) as segment,
        cast(month as date) as month,
        cast(revenue as double) as revenue,
        cast(gross_margin as double) as gross_margin,
        cast(cost_to_serve as double) as cost_to_serve,
        cast(cost_to_serve_pct as double) as cost_to_serve_pct,
        cast(otif_rate as double) as otif_rate,
        cast(inventory_turns as double) as inventory_turns,
        cast(member_count as bigint) as member_count
    from segment_kpis
)

select * from final
