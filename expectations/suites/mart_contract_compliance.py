"""mart_contract_compliance: one row per PO line, variance and compliance consistent."""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import WARNING, non_negative, normalised_ids, rows_absent

NAME = "mart_contract_compliance"


def mart_contract_compliance() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={"key_columns": ["po_number", "po_item"]},
        expectations=[
            *normalised_ids("po_number", "supplier_id", "product_id", "contract_id"),
            *non_negative("po_unit_price", "contract_unit_price"),
            rows_absent(
                "select * from {batch} where contract_unit_price is not null and abs("
                "price_variance - (po_unit_price - contract_unit_price) * ordered_qty) > 0.01",
                "price_variance = (po_unit_price - contract_unit_price) x quantity",
            ),
            # A PO line without an FX rate on its PO date has no unit price in the reporting
            # currency (counted as FV02 in mart_data_quality): it cannot be judged, and that
            # is a warning listing the lines, not a reason to stop the run.
            rows_absent(
                "select * from {batch} where contract_id is not null "
                "and po_unit_price is not null and contract_unit_price is not null "
                "and is_compliant is null",
                "every PO line with an applicable contract and both prices is judged",
            ),
            rows_absent(
                "select * from {batch} where contract_id is not null and po_unit_price is null",
                "a PO line with an applicable contract has a unit price (no FX rate: FV02)",
                severity=WARNING,
            ),
            rows_absent(
                "select * from {batch} where contract_id is not null "
                "and contract_unit_price is null",
                "an applicable contract has a unit price",
                severity=WARNING,
            ),
        ],
    )
