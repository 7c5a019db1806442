"""oracle/po_schedule: one row per PO schedule, ids normalised."""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import normalised_ids, types

NAME = "stg_oracle__po_schedules"


def stg_oracle__po_schedules() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={"key_columns": ["line_location_id"]},
        expectations=[
            types(NAME, line_location_id="text"),
            *normalised_ids("line_location_id", "po_line_id", "po_header_id"),
        ],
    )
