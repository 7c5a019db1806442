"""pos/sales_line: one row per store, transaction and line; local time converted to UTC."""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import (
    non_negative,
    normalised_ids,
    not_null,
    references,
    rows_absent,
    types,
)

NAME = "stg_pos__sales_lines"


def stg_pos__sales_lines() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={"key_columns": ["store_id", "transaction_id", "line_no"]},
        expectations=[
            types(
                NAME,
                sold_at="timestamp",
                sold_local_date="date",
                quantity="integer",
                unit_price="number",
                discount_amount="number",
            ),
            *normalised_ids("store_id"),
            *non_negative("unit_price", "discount_amount"),
            rows_absent("select * from {batch} where quantity = 0", "quantity is not zero"),
            # A line of a store unknown to the store master has no time zone (CR06 counts it).
            *not_null("sold_at", mostly=0.95),
            references("store_id", "stg_pos__stores", mostly=0.95),
        ],
    )
