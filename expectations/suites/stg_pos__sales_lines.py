"""pos/sales_line: one row per store, transaction and line; local time converted to UTC."""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import normalised_ids, not_null, odd_values, references, types

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
            # Free items (price 0) and voided lines (quantity 0) occur at a till: warnings.
            odd_values(
                "unit_price < 0 or discount_amount < 0",
                "unit_price and discount_amount are not negative (warning)",
            ),
            odd_values("quantity = 0", "quantity is not zero (warning)"),
            # A line of a store unknown to the store master has no time zone (CR06 counts it).
            *not_null("sold_at", mostly=0.95),
            references("store_id", "stg_pos__stores", mostly=0.95),
        ],
    )
