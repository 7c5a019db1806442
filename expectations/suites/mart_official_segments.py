"""mart_official_segments: the official segment moves only at reviews, and says why it differs."""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import one_of, rows_absent

NAME = "mart_official_segments"

REASONS = ["override", "awaiting_review", "within_boundary_margin", "not_held_long_enough"]


def mart_official_segments() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={"key_columns": ["entity_type", "entity_id", "period_end"]},
        expectations=[
            one_of("entity_type", ["product", "supplier", "customer"]),
            one_of("difference_reason", REASONS),
            rows_absent(
                "select * from {batch} where (difference_reason is null) <> "
                "coalesce(official_segment = computed_segment, "
                "official_segment is null and computed_segment is null)",
                "a difference reason exactly where official and computed segments differ",
            ),
            rows_absent(
                "select * from {batch} where override_segment is not null and "
                "(official_segment <> override_segment or override_owner is null "
                "or override_reason is null)",
                "an applied override sets the official segment and shows its owner and reason",
            ),
            rows_absent(
                "select * from (select *, lag(reviewed_segment) over (partition by entity_type, "
                "entity_id order by period_end) as previous_reviewed from {batch}) as t "
                "where not is_review_period and previous_reviewed is not null "
                "and reviewed_segment <> previous_reviewed",
                "the reviewed segment changes only at a review",
            ),
        ],
    )
