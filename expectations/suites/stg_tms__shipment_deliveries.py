"""tms/shipment deliveries: one row per shipment and ERP delivery it carries."""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import WARNING, normalised_ids, references

NAME = "stg_tms__shipment_deliveries"


def stg_tms__shipment_deliveries() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={"key_columns": ["shipment_id", "delivery_id"]},
        expectations=[
            *normalised_ids("shipment_id", "delivery_id"),
            # Some shipments carry deliveries ERP does not know (models.md: unallocated costs).
            # Both ERPs' deliveries count: BU-ORA shipments carry ORA-<FULFILL_LINE_ID>.
            references("delivery_id", "fct_delivery_items", mostly=0.9, severity=WARNING),
        ],
    )
