"""mart_investment_break_even: per investment and segment, shares that add up and a payback
only where the net saving is positive."""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import between, rows_absent

NAME = "mart_investment_break_even"


def mart_investment_break_even() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={"key_columns": ["investment_id", "customer_segment"]},
        expectations=[
            between("cost_share", 0, 1),
            between("payback_months", 0, strict_min=True),
            rows_absent(
                "select * from {batch} where payback_months is not null and annual_net_saving <= 0",
                "payback only where the segment's net saving is positive",
            ),
            rows_absent(
                "select investment_id from {batch} group by investment_id "
                "having abs(sum(cost_share) - 1) > 1e-9 and sum(cost_share) > 0",
                "each investment's capex and opex are shared out in full",
            ),
        ],
    )
