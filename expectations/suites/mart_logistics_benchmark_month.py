"""mart_logistics_benchmark_month: segment months against the external logistics cost index."""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import between, first_of_month, one_of

NAME = "mart_logistics_benchmark_month"


def mart_logistics_benchmark_month() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={"key_columns": ["customer_segment", "month"]},
        expectations=[
            first_of_month("month"),
            one_of(
                "customer_segment",
                ["passive", "carriage_trade", "bargain_basement", "aggressive", "unsegmented"],
            ),
            between("cost_index", 0, strict_min=True),
        ],
    )
