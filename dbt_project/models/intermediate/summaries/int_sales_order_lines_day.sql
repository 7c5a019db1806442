{{ append_delta_config(
    pre_hook="{{ delete_summary_delta('fct_sales_order_lines', \"cast(order_date as date)\", 'order_date', lines_where='not is_cancelled') }}",
    post_hook="{{ record_summary_watermark('fct_sales_order_lines') }}",
) }}
{# Sales order lines that count (not cancelled) per product x order date: the product
   segmentation's trailing windows (ABC value, daily demand for XYZ and cover) read this
   instead of every line (~1 M lines a year at scale 1 become ~0.2 M rows). Values and
   quantities are exact decimal partial sums (macro exact_partial_sum), so an exact_sum over
   these rows is the exact_sum over the lines, bit for bit.
   Incremental (macros/summary_incremental.sql): only the days whose lines the fact may have
   changed since the last build are summed again. #}
{%- set delta = summary_delta_watermark('fct_sales_order_lines') %}
with

sales_order_lines as (
    select * from {{ ref('fct_sales_order_lines') }}
    where
        not is_cancelled
        and {{ in_summary_delta(delta, 'cast(order_date as date)') }}
),

final as (
    select
        cast(product_id as {{ dbt.type_string() }}) as product_id,
        cast(order_date as date) as order_date,
        {{ exact_partial_sum("cast(net_value_rc as double)") }} as net_value_rc,
        {{ exact_partial_sum("cast(ordered_qty as double)") }} as ordered_qty,
        cast(count(*) as bigint) as line_count
    from sales_order_lines
    group by
        product_id,
        order_date
)

select * from final
