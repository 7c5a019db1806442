"""oracle/po_line: one row per PO line, ids normalised."""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import normalised_ids, types

NAME = "stg_oracle__po_lines"


def stg_oracle__po_lines() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={"key_columns": ["po_line_id"]},
        expectations=[
            types(NAME, po_line_id="text"),
            *normalised_ids("po_line_id", "po_header_id", "line_num"),
        ],
    )
