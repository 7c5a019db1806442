"""oracle/supplier: one row per supplier, ids normalised."""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import normalised_ids, types

NAME = "stg_oracle__suppliers"


def stg_oracle__suppliers() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={"key_columns": ["source_supplier_id"]},
        expectations=[
            types(NAME, source_supplier_id="text"),
            *normalised_ids("source_supplier_id", "supplier_number"),
        ],
    )
