"""oracle/fulfillment_line: one row per fulfillment line, ids normalised."""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import normalised_ids, types

NAME = "stg_oracle__fulfillment_lines"


def stg_oracle__fulfillment_lines() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={"key_columns": ["fulfill_line_id"]},
        expectations=[
            types(NAME, fulfill_line_id="text"),
            *normalised_ids("fulfill_line_id", "header_id", "line_id"),
        ],
    )
