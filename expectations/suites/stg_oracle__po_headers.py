"""oracle/po_header: one row per PO header, ids normalised."""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import normalised_ids, types

NAME = "stg_oracle__po_headers"


def stg_oracle__po_headers() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={"key_columns": ["po_header_id"]},
        expectations=[
            types(NAME, po_header_id="text"),
            *normalised_ids("po_header_id", "po_number", "procurement_bu_id"),
        ],
    )
