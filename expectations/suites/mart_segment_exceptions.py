"""mart_segment_exceptions: order lines whose segments call for conflicting policies."""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import normalised_ids, one_of

NAME = "mart_segment_exceptions"


def mart_segment_exceptions() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={"key_columns": ["sales_order_id", "sales_order_item"]},
        expectations=[
            *normalised_ids("sales_order_id"),
            one_of("product_segment", [a + x for a in "ABC" for x in ("X", "Y", "Z", "new")]),
            one_of(
                "customer_segment",
                ["passive", "carriage_trade", "bargain_basement", "aggressive", "unsegmented"],
            ),
        ],
    )
