"""procurement/supplier_assessment: latest assessment per supplier, scores on their scales."""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import (
    WARNING,
    between,
    normalised_ids,
    one_of,
    references,
    types,
)

NAME = "stg_procurement__supplier_assessments"


def stg_procurement__supplier_assessments() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={"key_columns": ["supplier_id"]},
        expectations=[
            types(
                NAME,
                assessed_on="date",
                supply_risk_score="number",
                financial_risk_score="number",
                sustainability_score="number",
                is_iso9001="boolean",
            ),
            *normalised_ids("supplier_id"),
            between("supply_risk_score", 1, 5),
            between("financial_risk_score", 1, 5),
            between("sustainability_score", 0, 100),
            one_of("country_risk", ["L", "M", "H"]),
            references("supplier_id", "stg_erp__vendors", mostly=0.95, severity=WARNING),
        ],
    )
