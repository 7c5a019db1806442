"""mart_pilot_scope: every plant's rows in or out of the pilot scope, as the facts keep them."""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import non_negative, one_of, rows_absent

NAME = "mart_pilot_scope"


def mart_pilot_scope() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={"key_columns": ["line_type", "plant_id"]},
        expectations=[
            one_of(
                "line_type",
                ["sales_order_lines", "purchase_order_lines", "goods_receipts", "stock_snapshots"],
            ),
            *non_negative("line_count"),
            # The facts keep exactly the in-scope sales lines the mart counts.
            rows_absent(
                "with counted as (select sum(line_count) as lines from {batch} "
                "where line_type = 'sales_order_lines' and is_in_pilot_scope) "
                "select * from counted where lines <> "
                "(select count(*) from fct_sales_order_lines where not is_cancelled)",
                "in-scope sales order lines are the fact's lines",
            ),
        ],
    )
