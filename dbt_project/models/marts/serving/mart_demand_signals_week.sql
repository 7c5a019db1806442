{# One row per product x channel x ISO week (the date of its Monday) with sell-in or sell-out:
   sell-in = ordered quantity of sales order lines not cancelled (order date's week, the
   line's channel); sell-out = POS quantity net of returns (local sale date's week, the
   channel of the store's ERP customer), read from the weekly POS summary rather than the
   lines. #}
with

valued_lines as (
    select * from {{ ref('int_sales_order_lines_valued') }}
),

pos_sell_out_weeks as (
    select * from {{ ref('int_pos_sell_out_week') }}
),

customers as (
    select * from {{ ref('dim_customer') }}
),

as_of as (
    select * from {{ ref('int_as_of') }}
),

sell_in as (
    select
        valued_lines.product_id,
        coalesce(valued_lines.channel, 'unknown') as channel,
        cast({{ dbt.date_trunc('week', 'valued_lines.order_date') }} as date) as week,
        valued_lines.ordered_qty as sell_in_qty,
        0.0 as sell_out_qty
    from valued_lines
    cross join as_of
    where valued_lines.order_date <= as_of.as_of_date
),

sell_out as (
    {# whole units: the weekly integer sums add up to the lines' sum exactly. The POS fact
       holds no line dated after the as-of date, so the weeks up to the as-of date's week
       are the lines up to it. #}
    select
        pos_sell_out_weeks.product_id,
        coalesce(customers.channel, 'unknown') as channel,
        pos_sell_out_weeks.week,
        0.0 as sell_in_qty,
        cast(pos_sell_out_weeks.sold_qty as double) as sell_out_qty
    from pos_sell_out_weeks
    cross join as_of
    left join customers
        on pos_sell_out_weeks.customer_id = customers.customer_id
    where pos_sell_out_weeks.week <= as_of.as_of_date
),

signals as (
    select * from sell_in
    union all
    select * from sell_out
),

final as (
    select
        cast(product_id as {{ dbt.type_string() }}) as product_id,
        cast(channel as {{ dbt.type_string() }}) as channel,
        cast(week as date) as week,
        cast({{ exact_sum("sell_in_qty") }} as double) as sell_in_qty,
        cast({{ exact_sum("sell_out_qty") }} as double) as sell_out_qty,
        cast(
            case when {{ exact_sum("sell_in_qty") }} > 0 then {{ exact_sum("sell_out_qty") }} / {{ exact_sum("sell_in_qty") }} end
            as double
        ) as sell_through_ratio
    from signals
    group by product_id, channel, week
)

select * from final
