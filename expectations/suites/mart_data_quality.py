"""mart_data_quality: cleansing counts per source, rule and extract date that add up."""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import non_negative, rows_absent

NAME = "mart_data_quality"


def mart_data_quality() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={"key_columns": ["source", "rule_id", "extract_date"]},
        expectations=[
            *non_negative("rows_checked", "rows_failed", "rows_quarantined"),
            rows_absent(
                "select * from {batch} where rows_failed > rows_checked "
                "or rows_quarantined > rows_checked",
                "failed and quarantined rows are at most the rows checked",
            ),
        ],
    )
