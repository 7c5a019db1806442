{# One row per sales order line due (requested date on or before the as-of date) and
   delivered short or never. A line still open is a backorder: the customer still expects the
   missing quantity, so it is listed (is_lost_sale false) but costs nothing. A line cancelled
   (rejected) short is a lost sale: its stockout cost = missing quantity x unit gross margin
   (net value / ordered quantity - standard cost at the order date's rate, not below 0), a
   hidden cost of the line's order month. #}
with

costed_lines as (
    select * from {{ ref('int_sales_order_lines_costed') }}
),

as_of as (
    select * from {{ ref('int_as_of') }}
),

short_lines as (
    select
        costed_lines.sales_order_id,
        costed_lines.sales_order_item,
        costed_lines.customer_id,
        costed_lines.product_id,
        costed_lines.order_date,
        costed_lines.order_month,
        costed_lines.requested_date,
        costed_lines.ordered_qty,
        costed_lines.delivered_qty,
        costed_lines.ordered_qty - costed_lines.delivered_qty as stockout_qty,
        costed_lines.is_cancelled as is_lost_sale,
        greatest(
            costed_lines.net_value_rc / costed_lines.ordered_qty
            - coalesce(costed_lines.standard_cost_rc, 0.0),
            0.0
        ) as unit_gross_margin
    from costed_lines
    cross join as_of
    where
        costed_lines.requested_date <= as_of.as_of_date
        and costed_lines.ordered_qty > 0
        and costed_lines.delivered_qty < costed_lines.ordered_qty
),

stockout_costs as (
    select
        *,
        case when is_lost_sale then stockout_qty * unit_gross_margin else 0.0 end as stockout_cost
    from short_lines
)

select * from stockout_costs
