"""mart_segment_review: value shares add up, and each recommendation follows the seed rule."""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import non_negative, one_of, rate, rows_absent

NAME = "mart_segment_review"


def mart_segment_review() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={"key_columns": ["entity_type", "segment", "period_end"]},
        expectations=[
            one_of("entity_type", ["product", "supplier", "customer"]),
            one_of("recommendation", ["keep", "merge", "retire"]),
            *rate("value_share", "otif_rate_quarter"),
            *non_negative(
                "member_count",
                "official_members_in",
                "official_members_out",
                "computed_members_in",
                "computed_members_out",
            ),
            rows_absent(
                "select entity_type, period_end, sum(value_share) as total from {batch} "
                "group by entity_type, period_end having sum(segment_value) > 0 "
                "and abs(sum(value_share) - 1) > 1e-9",
                "value shares of an entity type add up to 100 % at each review",
            ),
            rows_absent(
                "select * from (select * from {batch}) as r inner join segment_review_rules as k "
                "on r.entity_type = k.entity_type where r.recommendation <> case "
                "when k.max_cost_to_serve_to_margin is not null and r.cost_to_serve_quarter "
                "> k.max_cost_to_serve_to_margin * r.gross_margin_quarter then 'retire' "
                "when r.member_count < k.min_members then 'merge' else 'keep' end",
                "the recommendation follows the seed rule segment_review_rules",
            ),
        ],
    )
