"""tms/shipment: one row per shipment (latest updated_at), modes, statuses and weights valid."""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import (
    WARNING,
    normalised_ids,
    odd_values,
    one_of,
    references,
    rows_absent,
    types,
)

NAME = "stg_tms__shipments"


def stg_tms__shipments() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={"key_columns": ["shipment_id"]},
        expectations=[
            types(
                NAME,
                delivered_at="timestamp",
                updated_at="timestamp",
                weight_kg="number",
                distance_km="number",
                delivered_local_date="date",
            ),
            *normalised_ids("shipment_id", "carrier_id", "ship_to_customer_id"),
            one_of("mode", ["TL", "LTL", "PARCEL", "AIR", "RAIL", "OCEAN"]),
            one_of("status", ["PLANNED", "IN_TRANSIT", "DELIVERED", "CANCELLED"]),
            odd_values(
                "weight_kg < 0 or distance_km < 0",
                "weight_kg and distance_km are not negative (warning)",
            ),
            # CR07: weights to kg (1 lb = 0.45359237 kg).
            rows_absent(
                "select * from {batch} where abs(weight_kg - weight_value * case "
                "lower(weight_unit) when 'kg' then 1 when 'lb' then 0.45359237 end) > 1e-9",
                "CR07: weight_kg is the shipment weight converted from kg or lb",
            ),
            rows_absent(
                "select * from {batch} where status = 'DELIVERED' "
                "and (delivered_at is null or delivered_local_date is null)",
                "a delivered shipment has its delivery time and local date",
            ),
            rows_absent(
                "select * from {batch} where delivered_at < picked_up_at",
                "delivered_at is not before picked_up_at",
                severity=WARNING,
            ),
            references("carrier_id", "stg_tms__carriers", mostly=0.95),
        ],
    )
