"""erp/material: one row per product, ids normalised (CR08), weights converted to kg (CR07)."""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import WARNING, normalised_ids, odd_values, one_of, rows_absent, types

NAME = "stg_erp__materials"


def stg_erp__materials() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={"key_columns": ["product_id"]},
        expectations=[
            types(NAME, product_id="text", gross_weight_kg="number", is_deleted="boolean"),
            *normalised_ids("product_id"),
            one_of("weight_unit", ["KG", "G", "LB"]),
            odd_values(
                "gross_weight_kg < 0 or gross_weight_kg > 100000",
                "gross_weight_kg is within [0, 100000] (warning)",
            ),
            # CR07: 1 lb = 0.45359237 kg, 1 g = 0.001 kg.
            rows_absent(
                "select * from {batch} where abs(gross_weight_kg - gross_weight * case "
                "upper(weight_unit) when 'KG' then 1 when 'G' then 0.001 "
                "when 'LB' then 0.45359237 end) > 1e-9",
                "CR07: gross_weight_kg is gross_weight converted from its unit",
            ),
            rows_absent(
                "select * from {batch} where gtin is not null "
                "and not regexp_full_match(gtin, '[0-9]{{8,14}}')",
                "gtin is 8 to 14 digits",
                severity=WARNING,
            ),
        ],
    )
