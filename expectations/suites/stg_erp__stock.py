"""erp/stock: one row per snapshot date, product and plant; negative stock warns, never blocks."""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import normalised_ids, odd_values, references, types

NAME = "stg_erp__stock"


def stg_erp__stock() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={"key_columns": ["snapshot_date", "product_id", "plant_id"]},
        expectations=[
            types(
                NAME,
                snapshot_date="date",
                unrestricted_qty="number",
                inspection_qty="number",
                blocked_qty="number",
            ),
            *normalised_ids("product_id", "plant_id"),
            # SAP allows negative stock in plants configured for it (LABST written `5.000-`):
            # legitimate, so a warning listing the rows; excess inventory counts it as 0.
            odd_values(
                "unrestricted_qty < 0 or inspection_qty < 0 or blocked_qty < 0",
                "stock quantities are not negative (negative stock is legitimate: warning)",
            ),
            references("product_id", "stg_erp__materials", mostly=0.95),
        ],
    )
