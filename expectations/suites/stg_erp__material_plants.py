"""erp/material_plant: one row per product and plant, lead times and prices within bounds."""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import between, normalised_ids, odd_values, references, rows_absent, types

NAME = "stg_erp__material_plants"


def stg_erp__material_plants() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={"key_columns": ["product_id", "plant_id"]},
        expectations=[
            types(
                NAME, planned_lead_time_days="number", standard_price="number", price_unit="number"
            ),
            *normalised_ids("product_id", "plant_id"),
            # Lead-time bounds: a planned delivery time is days within a year (empty = CR01);
            # odd values are warnings that list the rows, as are negative stock or prices.
            odd_values(
                "planned_lead_time_days < 0 or planned_lead_time_days > 365",
                "planned_lead_time_days is within [0, 365] (warning)",
            ),
            odd_values(
                "safety_stock_qty < 0 or standard_price < 0",
                "safety_stock_qty and standard_price are not negative (warning)",
            ),
            between("price_unit", 0, None, strict_min=True),
            rows_absent(
                "select * from {batch} where not regexp_full_match(currency, '[A-Z]{{3}}')",
                "currency is an ISO 4217 code",
            ),
            references("product_id", "stg_erp__materials", mostly=0.95),
            # CR01 as the master data applies it: planned when PLIFZ is set, else imputed
            # (or unknown, the only source without an effective lead time).
            rows_absent(
                "/* {batch} */ select * from dim_product_plant where product_id <> 'UNKNOWN' "
                "and (lead_time_source is null or lead_time_source not in "
                "('planned', 'imputed_actual', 'imputed_group', 'unknown') "
                "or (lead_time_source = 'planned') <> (coalesce(planned_lead_time_days, 0) > 0) "
                "or (lead_time_source = 'unknown') <> (effective_lead_time_days is null))",
                "CR01: lead_time_source is planned exactly when PLIFZ is set, else imputed",
            ),
        ],
    )
