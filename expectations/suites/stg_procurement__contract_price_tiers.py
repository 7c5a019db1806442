"""procurement/contract_price_tier: one price per contract item and minimum quantity."""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import non_negative, normalised_ids, references, types

NAME = "stg_procurement__contract_price_tiers"


def stg_procurement__contract_price_tiers() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={"key_columns": ["contract_id", "contract_item", "min_qty"]},
        expectations=[
            types(NAME, min_qty="number", unit_price="number"),
            *normalised_ids("contract_id"),
            *non_negative("min_qty", "unit_price"),
            references(("contract_id", "contract_item"), "stg_procurement__contracts", mostly=0.95),
        ],
    )
