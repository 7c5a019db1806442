{# One row per sales order line due (requested date on or before the as-of date) and
   delivered short or never: the stockout cost = missing quantity x unit gross margin
   (net value / ordered quantity - standard cost, not below 0). A hidden cost of the line's
   order month. #}
with

valued_lines as (
    select * from {{ ref('int_sales_order_lines_valued') }}
),

as_of as (
    select * from {{ ref('int_as_of') }}
),

short_lines as (
    select
        valued_lines.sales_order_id,
        valued_lines.sales_order_item,
        valued_lines.customer_id,
        valued_lines.product_id,
        valued_lines.order_date,
        valued_lines.order_month,
        valued_lines.requested_date,
        valued_lines.ordered_qty,
        valued_lines.delivered_qty,
        valued_lines.ordered_qty - valued_lines.delivered_qty as stockout_qty,
        greatest(
            valued_lines.net_value_rc / valued_lines.ordered_qty
            - coalesce(valued_lines.standard_cost_rc, 0.0),
            0.0
        ) as unit_gross_margin
    from valued_lines
    cross join as_of
    where
        valued_lines.requested_date <= as_of.as_of_date
        and valued_lines.ordered_qty > 0
        and valued_lines.delivered_qty < valued_lines.ordered_qty
),

stockout_costs as (
    select
        *,
        stockout_qty * unit_gross_margin as stockout_cost
    from short_lines
)

select * from stockout_costs
