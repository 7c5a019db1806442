"""iot/shipment_reading: one row per shipment, logger and reading instant, typed and flagged."""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import WARNING, normalised_ids, one_of, references, rows_absent, types

NAME = "stg_iot__shipment_readings"


def stg_iot__shipment_readings() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={"key_columns": ["shipment_id", "device_id", "reading_at"]},
        expectations=[
            types(NAME, reading_at="timestamp", temperature_c="number", shock_g="number"),
            *normalised_ids("shipment_id", "device_id"),
            one_of(
                "cr09_failure",
                ["temperature_below_plausible", "temperature_above_plausible", "shock_implausible"],
            ),
            rows_absent(
                "select * from {batch} where is_plausible = (cr09_failure is not null)",
                "is_plausible is false exactly when CR09 names a failure",
            ),
            references("shipment_id", "stg_tms__shipments", mostly=0.95, severity=WARNING),
        ],
    )
