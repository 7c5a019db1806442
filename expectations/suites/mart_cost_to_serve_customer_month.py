"""mart_cost_to_serve_customer_month: customer months add up to the cost-to-serve lines."""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import (
    between,
    first_of_month,
    non_negative,
    normalised_ids,
    one_of,
    rows_absent,
)

NAME = "mart_cost_to_serve_customer_month"
SEGMENTS = ["passive", "carriage_trade", "bargain_basement", "aggressive", "unsegmented"]


def mart_cost_to_serve_customer_month() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={"key_columns": ["customer_id", "month"]},
        expectations=[
            first_of_month("month"),
            *normalised_ids("customer_id"),
            *non_negative("revenue", "cogs", "cost_to_serve"),
            rows_absent(
                "select * from {batch} "
                "where abs(net_margin - (revenue - cogs - cost_to_serve)) > 0.005",
                "net_margin = revenue - cogs - cost_to_serve",
            ),
            rows_absent(
                "select * from {batch} where revenue > 0 "
                "and abs(cost_to_serve_pct - cost_to_serve / revenue) > 1e-9",
                "cost_to_serve_pct = cost_to_serve / revenue",
            ),
            # Conservation across marts: each month's totals are the lines' totals.
            rows_absent(
                "with months as (select month, sum(revenue) as revenue, "
                "sum(cost_to_serve) as cost_to_serve from {batch} group by month), "
                "lines as (select date_trunc('month', order_date) as month, "
                "sum(revenue) as revenue, sum(cost_to_serve) as cost_to_serve "
                "from mart_cost_to_serve_line group by 1) "
                "select * from months full join lines using (month) "
                "where abs(coalesce(months.revenue, 0) - coalesce(lines.revenue, 0)) > 0.01 "
                "or abs(coalesce(months.cost_to_serve, 0) - coalesce(lines.cost_to_serve, 0)) "
                "> 0.01",
                "each month's revenue and cost to serve equal the cost-to-serve lines' totals",
            ),
            one_of("customer_segment", SEGMENTS),
            # Cost maturity: the invoiced share of the month's freight.
            *non_negative("accrued_freight"),
            between("cost_maturity", 0, 1),
        ],
    )
