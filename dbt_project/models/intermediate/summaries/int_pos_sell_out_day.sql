{{ append_delta_config(
    pre_hook="{{ delete_summary_delta('fct_pos_sales_lines', \"cast(sold_local_date as date)\", 'sold_local_date') }}",
    post_hook="{{ record_summary_watermark('fct_pos_sales_lines') }}",
) }}
{# POS sell-out per product x local sale date, over all stores: the day-exact trailing
   windows (the POS demand-shift alert's weeks before the as-of date) read this instead of
   every POS line (~5 M a year at scale 1 become ~0.3 M rows). Quantities are whole units, so
   the integer sums are exact whatever order threads add them.
   Incremental (macros/summary_incremental.sql): only the days whose lines the fact may have
   changed since the last build are summed again. #}
{%- set delta = summary_delta_watermark('fct_pos_sales_lines') %}
with

pos_sales_lines as (
    select * from {{ ref('fct_pos_sales_lines') }}
    where {{ in_summary_delta(delta, 'cast(sold_local_date as date)') }}
),

final as (
    select
        cast(product_id as {{ dbt.type_string() }}) as product_id,
        cast(sold_local_date as date) as sold_local_date,
        cast(sum(quantity) as bigint) as sold_qty,  -- exact: integer
        cast(count(*) as bigint) as line_count
    from pos_sales_lines
    group by
        product_id,
        sold_local_date
)

select * from final
