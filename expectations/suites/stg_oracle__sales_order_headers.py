"""oracle/sales_order_header: one row per sales order header, ids normalised."""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import normalised_ids, types

NAME = "stg_oracle__sales_order_headers"


def stg_oracle__sales_order_headers() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={"key_columns": ["header_id"]},
        expectations=[
            types(NAME, header_id="text"),
            *normalised_ids("header_id", "order_number", "source_customer_id"),
        ],
    )
