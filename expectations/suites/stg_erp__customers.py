"""erp/customer: one row per customer, channels mapped, hierarchy parents known."""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import (
    WARNING,
    normalised_ids,
    one_of,
    references,
    rows_absent,
    types,
)

NAME = "stg_erp__customers"


def stg_erp__customers() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={"key_columns": ["customer_id"]},
        expectations=[
            types(NAME, customer_id="text", parent_customer_id="text"),
            *normalised_ids("customer_id", "parent_customer_id"),
            one_of("channel", ["wholesale", "retail", "ecommerce"]),
            rows_absent(
                "select * from {batch} where parent_customer_id = customer_id",
                "no customer is its own parent",
            ),
            references(
                "parent_customer_id",
                "stg_erp__customers",
                "customer_id",
                mostly=0.95,
                severity=WARNING,
            ),
        ],
    )
