"""oracle/receiving_transaction: one row per receiving transaction, ids normalised."""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import normalised_ids, types

NAME = "stg_oracle__receiving_transactions"


def stg_oracle__receiving_transactions() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={"key_columns": ["transaction_id"]},
        expectations=[
            types(NAME, transaction_id="text"),
            *normalised_ids("transaction_id", "parent_transaction_id", "po_header_id"),
        ],
    )
