"""tms/carrier: one row per carrier, ids normalised."""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import normalised_ids

NAME = "stg_tms__carriers"


def stg_tms__carriers() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={"key_columns": ["carrier_id"]},
        expectations=[
            *normalised_ids("carrier_id"),
        ],
    )
