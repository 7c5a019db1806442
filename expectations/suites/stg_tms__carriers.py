"""tms/carrier: one row per carrier, ids normalised."""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import WARNING, key, normalised_ids, not_null

NAME = "stg_tms__carriers"


def stg_tms__carriers() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={"key_columns": ["carrier_id"]},
        expectations=[
            *key("carrier_id"),
            *normalised_ids("carrier_id"),
            *not_null("name"),
            *not_null("scac", severity=WARNING),
        ],
    )
