"""mart_maverick_spend_month: maverick spend within spend, its share in [0, 1]."""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import first_of_month, non_negative, one_of, rate, rows_absent

NAME = "mart_maverick_spend_month"


def mart_maverick_spend_month() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={"key_columns": ["kraljic_segment", "purchasing_group", "month"]},
        expectations=[
            first_of_month("month"),
            # ``unassigned``: spend with suppliers unknown to the master (CR06), kept visible.
            one_of(
                "kraljic_segment",
                ["strategic", "leverage", "bottleneck", "routine", "unassigned"],
            ),
            *non_negative("spend", "maverick_spend"),
            *rate("maverick_share"),
            rows_absent(
                "select * from {batch} where maverick_spend > spend + 0.005",
                "maverick_spend is part of spend",
            ),
            rows_absent(
                "select * from {batch} where spend > 0 "
                "and abs(maverick_share - maverick_spend / spend) > 1e-9",
                "maverick_share = maverick_spend / spend",
            ),
        ],
    )
