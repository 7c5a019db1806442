"""oracle/customer: one row per customer account, ids normalised."""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import normalised_ids, types

NAME = "stg_oracle__customers"


def stg_oracle__customers() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={"key_columns": ["source_customer_id"]},
        expectations=[
            types(NAME, source_customer_id="text"),
            *normalised_ids("source_customer_id", "account_number"),
        ],
    )
