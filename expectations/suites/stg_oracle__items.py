"""oracle/item: one row per item, ids normalised."""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import normalised_ids, types

NAME = "stg_oracle__items"


def stg_oracle__items() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={"key_columns": ["source_item_id"]},
        expectations=[
            types(NAME, source_item_id="text"),
            *normalised_ids("source_item_id", "item_number", "gtin"),
        ],
    )
