"""erp/fx_rate: one rate per currency pair and valid-from date, positive, to or from EUR."""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import WARNING, between, rows_absent, types

NAME = "stg_erp__fx_rates"


def stg_erp__fx_rates() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={"key_columns": ["from_currency", "to_currency", "valid_from"]},
        expectations=[
            types(NAME, valid_from="date", rate="number"),
            between("rate", 0, None, strict_min=True),
            rows_absent(
                "select * from {batch} where not regexp_full_match(from_currency, '[A-Z]{{3}}') "
                "or not regexp_full_match(to_currency, '[A-Z]{{3}}')",
                "currencies are ISO 4217 codes",
            ),
            rows_absent(
                "select * from {batch} where from_currency = to_currency",
                "no rate converts a currency into itself",
            ),
            rows_absent(
                "select * from {batch} where 'EUR' not in (from_currency, to_currency)",
                "every rate converts to or from the reporting currency EUR",
                severity=WARNING,
            ),
        ],
    )
