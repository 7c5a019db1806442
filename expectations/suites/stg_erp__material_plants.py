"""erp/material_plant: one row per product and plant, lead times and prices within bounds."""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import (
    between,
    key,
    non_negative,
    normalised_ids,
    references,
    rows_absent,
    types,
)

NAME = "stg_erp__material_plants"


def stg_erp__material_plants() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={"key_columns": ["product_id", "plant_id"]},
        expectations=[
            *key("product_id", "plant_id"),
            types(
                NAME, planned_lead_time_days="number", standard_price="number", price_unit="number"
            ),
            *normalised_ids("product_id", "plant_id"),
            # Lead-time bounds: a planned delivery time is days within a year (empty = CR01).
            between("planned_lead_time_days", 0, 365),
            *non_negative("safety_stock_qty", "standard_price"),
            between("price_unit", 0, None, strict_min=True),
            rows_absent(
                "select * from {batch} where not regexp_full_match(currency, '[A-Z]{{3}}')",
                "currency is an ISO 4217 code",
            ),
            references("product_id", "stg_erp__materials", mostly=0.95),
        ],
    )
