"""procurement/contract: one row per contract item, validity periods and types valid."""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import between, normalised_ids, odd_values, one_of, references, types

NAME = "stg_procurement__contracts"


def stg_procurement__contracts() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={"key_columns": ["contract_id", "contract_item"]},
        expectations=[
            types(NAME, valid_from="date", valid_to="date", price_unit="number"),
            *normalised_ids("contract_id", "supplier_id", "product_id"),
            one_of("contract_type", ["FIXED", "TIERED"]),
            between("price_unit", 0, None, strict_min=True),
            # A contract whose validity ends before it starts never applies: reported.
            odd_values("valid_to < valid_from", "valid_to is not before valid_from (warning)"),
            references("supplier_id", "stg_erp__vendors", mostly=0.95),
            references("product_id", "stg_erp__materials", mostly=0.95),
        ],
    )
