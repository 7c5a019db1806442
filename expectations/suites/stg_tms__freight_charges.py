"""tms/freight_charge: one row per charge, typed into the six cost pools, invoiced and priced."""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import (
    WARNING,
    non_negative,
    normalised_ids,
    one_of,
    references,
    rows_absent,
    types,
)

NAME = "stg_tms__freight_charges"


def stg_tms__freight_charges() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={"key_columns": ["charge_id"]},
        expectations=[
            types(NAME, amount="number", invoiced_at="timestamp", invoice_date="date"),
            *normalised_ids("charge_id", "shipment_id", "carrier_id"),
            one_of(
                "charge_type",
                ["LINEHAUL", "FUEL", "ACCESSORIAL", "DETENTION", "EXPEDITE", "RETURN"],
            ),
            non_negative("amount", severity=WARNING)[0],
            rows_absent(
                "select * from {batch} where not regexp_full_match(currency, '[A-Z]{{3}}')",
                "currency is an ISO 4217 code",
            ),
            references("shipment_id", "stg_tms__shipments", mostly=0.95),
        ],
    )
