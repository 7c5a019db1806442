{{ append_delta_config(
    pre_hook="{{ delete_summary_delta('fct_pos_sales_lines', \"cast(date_trunc('week', sold_local_date) as date)\", 'week') }}",
    post_hook="{{ record_summary_watermark('fct_pos_sales_lines') }}",
) }}
{# POS sell-out per store x product x ISO week (the date of its Monday): the weekly figures
   read this instead of rescanning every POS line (operations.md §Performance; ~5 M lines a
   year at scale 1 become ~1 M rows). customer_id is the store's ERP customer (one per store),
   kept for the channel. Quantities are whole units, so the integer sums are exact whatever
   order threads add them. Lines without a sale date form a week of null. The fact keeps no
   line dated after the as-of date (macro dated_by_as_of), so the weeks up to the as-of
   date's are the lines up to it.
   Incremental (macros/summary_incremental.sql): only the ISO weeks whose lines the fact may
   have changed since the last build are summed again (all their stores and products). #}
{%- set delta = summary_delta_watermark('fct_pos_sales_lines') %}
with

pos_sales_lines as (
    select * from {{ ref('fct_pos_sales_lines') }}
    where {{ in_summary_delta(delta, 'cast(' ~ dbt.date_trunc('week', 'sold_local_date') ~ ' as date)') }}
),

final as (
    select
        cast(store_id as {{ dbt.type_string() }}) as store_id,
        cast(customer_id as {{ dbt.type_string() }}) as customer_id,
        cast(product_id as {{ dbt.type_string() }}) as product_id,
        cast({{ dbt.date_trunc('week', 'sold_local_date') }} as date) as week,
        cast(sum(quantity) as bigint) as sold_qty,  -- exact: integer
        cast(count(*) as bigint) as line_count
    from pos_sales_lines
    group by
        store_id,
        customer_id,
        product_id,
        {{ dbt.date_trunc('week', 'sold_local_date') }}
)

select * from final
