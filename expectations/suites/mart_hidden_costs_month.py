"""mart_hidden_costs_month: hidden costs per product segment and month, conserved from the lines."""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import first_of_month, non_negative, one_of, rows_absent

NAME = "mart_hidden_costs_month"
# ``unsegmented``: lines of unknown products (CR06); ``unallocated``: charges without a
# known delivery, reported rather than dropped.
SEGMENTS = [*(a + x for a in "ABC" for x in ("X", "Y", "Z", "new")), "unsegmented", "unallocated"]


def mart_hidden_costs_month() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={"key_columns": ["product_segment", "month"]},
        expectations=[
            first_of_month("month"),
            one_of("product_segment", SEGMENTS),
            *non_negative("expediting", "returns", "stockout", "excess_inventory"),
            # Allocated expediting and returns are the same money the cost-to-serve lines carry.
            rows_absent(
                "with hidden as (select sum(expediting) as expediting, sum(returns) as returns "
                "from {batch} where product_segment <> 'unallocated'), "
                "lines as (select sum(expediting) as expediting, sum(returns) as returns "
                "from mart_cost_to_serve_line) "
                "select * from hidden cross join lines "
                "where abs(coalesce(hidden.expediting, 0) - coalesce(lines.expediting, 0)) > 0.01 "
                "or abs(coalesce(hidden.returns, 0) - coalesce(lines.returns, 0)) > 0.01",
                "allocated expediting and returns equal the cost-to-serve lines' totals",
            ),
            # ... and with the unallocated part, everything charged to these pools.
            rows_absent(
                "with hidden as (select sum(expediting) as expediting, sum(returns) as returns "
                "from {batch}), charged as (select "
                "sum(charged) filter (where cost_component = 'expediting') as expediting, "
                "sum(charged) filter (where cost_component = 'returns') as returns "
                "from int_cost_allocation_ledger) "
                "select * from hidden cross join charged "
                "where abs(coalesce(hidden.expediting, 0) - coalesce(charged.expediting, 0)) "
                "> 0.01 or abs(coalesce(hidden.returns, 0) - coalesce(charged.returns, 0)) > 0.01",
                "cost conservation: expediting and returns, allocated or not, equal the charges",
            ),
        ],
    )
