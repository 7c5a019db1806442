"""mart_segment_migration: stability rates in [0, 1], members conserved across a comparison."""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import non_negative, one_of, rate, rows_absent

NAME = "mart_segment_migration"


def mart_segment_migration() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={
            "key_columns": [
                "entity_type",
                "comparison",
                "to_period_end",
                "from_segment",
                "to_segment",
            ]
        },
        expectations=[
            one_of("entity_type", ["product", "supplier", "customer"]),
            one_of("comparison", ["month", "quarter"]),
            *rate("stability_rate"),
            *non_negative("members", "from_segment_members"),
            rows_absent(
                "select * from {batch} where from_period_end >= to_period_end",
                "the earlier period ends before the later one",
            ),
            rows_absent(
                "select * from {batch} where from_segment = '(none)' and to_segment = '(none)'",
                "no move from nowhere to nowhere",
            ),
            # the rows of a from-segment add up to its members at the earlier period
            rows_absent(
                "select entity_type, comparison, to_period_end, from_segment "
                "from {batch} group by 1, 2, 3, 4 "
                "having sum(members) <> min(from_segment_members) "
                "or min(from_segment_members) <> max(from_segment_members)",
                "a from-segment's moves add up to its members",
            ),
        ],
    )
