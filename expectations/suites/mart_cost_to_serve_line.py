"""mart_cost_to_serve_line: components add up per line, and every cost pool is conserved."""

from __future__ import annotations

from typing import Any

import great_expectations as gx

from expectations.custom import (
    between,
    equals_sum,
    non_negative,
    normalised_ids,
    rows_absent,
    types,
)

NAME = "mart_cost_to_serve_line"
COMPONENTS = ["freight", "expediting", "returns", "handling", "order_processing", "shared_overhead"]

#: typed Any so that mypy accepts it beside the keyword-only ``severity`` of ``types``
COMPONENT_TYPES: dict[str, Any] = dict.fromkeys(COMPONENTS, "number")


def mart_cost_to_serve_line() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={"key_columns": ["sales_order_id", "sales_order_item"]},
        expectations=[
            types(
                NAME,
                order_date="date",
                delivered_qty="number",
                revenue="number",
                cogs="number",
                cost_to_serve="number",
                net_margin="number",
                **COMPONENT_TYPES,
            ),
            *normalised_ids("sales_order_id", "customer_id", "product_id"),
            # Only delivered lines (fully or partly) carry cost to serve.
            between("delivered_qty", 0, None, strict_min=True),
            *non_negative("revenue", "cogs", *COMPONENTS),
            equals_sum("cost_to_serve", COMPONENTS),
            rows_absent(
                "select * from {batch} "
                "where abs(net_margin - (revenue - cogs - cost_to_serve)) > 0.005",
                "net_margin = revenue - cogs - cost_to_serve",
            ),
            # Conservation (models.md): per cost pool and month, allocated + unallocated =
            # charged + accrued (freight estimated for items not invoiced yet), to the cent.
            rows_absent(
                "/* {batch} */ select * from int_cost_allocation_ledger "
                "where abs(allocated + unallocated - (charged + accrued)) > 0.005",
                "cost conservation: allocated + unallocated = charged + accrued per cost pool "
                "and month",
            ),
            # Freight is what was invoiced plus what is accrued, never anything else.
            *non_negative("invoiced_freight", "accrued_freight"),
            rows_absent(
                "select * from {batch} "
                "where abs(freight - (invoiced_freight + accrued_freight)) > 0.005 "
                "or (accrued_freight > 0 and not is_accrued)",
                "freight = invoiced_freight + accrued_freight, accrued lines flagged",
            ),
            # ... and what the ledger allocated is what the lines carry, per component.
            rows_absent(
                "with lines as (select sum(freight) as freight, sum(expediting) as expediting, "
                "sum(returns) as returns, sum(shared_overhead) as shared_overhead "
                "from {batch}), "
                "carried as (unpivot lines on freight, expediting, returns, shared_overhead "
                "into name cost_component value amount), "
                "ledger as (select cost_component, sum(allocated) as allocated "
                "from int_cost_allocation_ledger group by cost_component) "
                "select * from carried full join ledger using (cost_component) "
                "where abs(coalesce(carried.amount, 0) - coalesce(ledger.allocated, 0)) > 0.01",
                "cost conservation: each component on the lines = what the ledger allocated",
            ),
        ],
    )
