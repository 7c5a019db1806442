"""erp/vendor: one row per supplier, ids normalised, countries ISO coded."""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import normalised_ids, rows_absent, types

NAME = "stg_erp__vendors"


def stg_erp__vendors() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={"key_columns": ["supplier_id"]},
        expectations=[
            types(NAME, supplier_id="text", is_blocked="boolean"),
            *normalised_ids("supplier_id"),
            rows_absent(
                "select * from {batch} where not regexp_full_match(country, '[A-Z]{{2}}')",
                "country is an ISO 3166 alpha-2 code",
            ),
        ],
    )
