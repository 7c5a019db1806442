"""procurement/contract_price_tier: one price per contract item and minimum quantity."""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import normalised_ids, odd_values, references, types

NAME = "stg_procurement__contract_price_tiers"


def stg_procurement__contract_price_tiers() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={"key_columns": ["contract_id", "contract_item", "min_qty"]},
        expectations=[
            types(NAME, min_qty="number", unit_price="number"),
            *normalised_ids("contract_id"),
            odd_values(
                "min_qty < 0 or unit_price < 0", "min_qty and unit_price are not negative (warning)"
            ),
            references(("contract_id", "contract_item"), "stg_procurement__contracts", mostly=0.95),
        ],
    )
