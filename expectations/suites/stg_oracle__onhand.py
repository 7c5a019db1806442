"""oracle/onhand: one row per snapshot date, item, organisation and subinventory."""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import normalised_ids, types

NAME = "stg_oracle__onhand"


def stg_oracle__onhand() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={
            "key_columns": [
                "snapshot_date",
                "source_item_id",
                "organization_id",
                "subinventory_code",
            ]
        },
        expectations=[
            types(NAME, source_item_id="text", organization_id="text", subinventory_code="text"),
            *normalised_ids("source_item_id", "organization_id"),
        ],
    )
