"""mart_demand_signals_week: sell-in and sell-out per product, channel and ISO week."""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import WARNING, monday, non_negative, normalised_ids, one_of

NAME = "mart_demand_signals_week"


def mart_demand_signals_week() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={"key_columns": ["product_id", "channel", "week"]},
        expectations=[
            monday("week"),
            *normalised_ids("product_id"),
            one_of("channel", ["wholesale", "retail", "ecommerce"]),
            *non_negative("sell_in_qty"),
            # Returns can outweigh sales in a week; worth a look, not a block.
            *non_negative("sell_out_qty", severity=WARNING),
        ],
    )
