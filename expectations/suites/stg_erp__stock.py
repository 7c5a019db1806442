"""erp/stock: one row per snapshot date, product and plant, stock quantities not negative."""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import non_negative, normalised_ids, references, types

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
            *non_negative("unrestricted_qty", "inspection_qty", "blocked_qty"),
            references("product_id", "stg_erp__materials", mostly=0.95),
        ],
    )
