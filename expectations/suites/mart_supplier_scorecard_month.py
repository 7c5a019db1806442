"""mart_supplier_scorecard_month: supplier months with every rate and the score in [0, 1]."""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import first_of_month, non_negative, normalised_ids, rate, rows_absent

NAME = "mart_supplier_scorecard_month"


def mart_supplier_scorecard_month() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={"key_columns": ["supplier_id", "month"]},
        expectations=[
            first_of_month("month"),
            *normalised_ids("supplier_id"),
            *rate(
                "otd_rate", "in_full_rate", "otif_rate", "price_compliance_rate", "weighted_score"
            ),
            *non_negative("spend", "po_lines", "defect_ppm", "lead_time_cov"),
            rows_absent(
                "select * from {batch} where otif_rate > least(otd_rate, in_full_rate) + 1e-9",
                "otif_rate is at most otd_rate and in_full_rate",
            ),
        ],
    )
