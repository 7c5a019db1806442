"""mart_carrier_scorecard_month: carrier x lane x segment months, every rate and the score in
[0, 1], temperature counts nested (compliant <= monitored <= temperature-controlled)."""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import first_of_month, non_negative, normalised_ids, rate, rows_absent

NAME = "mart_carrier_scorecard_month"


def mart_carrier_scorecard_month() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={
            "key_columns": [
                "month",
                "carrier_id",
                "mode",
                "origin_plant_id",
                "destination_country",
                "customer_segment",
            ]
        },
        expectations=[
            first_of_month("month"),
            *normalised_ids("carrier_id", "origin_plant_id"),
            *rate(
                "on_time_pickup_rate",
                "on_time_delivery_rate",
                "transit_within_promise_rate",
                "cost_at_or_below_median_rate",
                "claim_rate",
                "temperature_compliance_rate",
                "weighted_score",
            ),
            *non_negative(
                "shipments",
                "weight_kg",
                "freight_cost_rc",
                "claim_shipments",
                "minutes_out_of_range",
            ),
            rows_absent(
                "select * from {batch} where not (temperature_compliant_shipments"
                " <= monitored_shipments and monitored_shipments"
                " <= temperature_controlled_shipments and temperature_controlled_shipments"
                " <= shipments and costed_shipments <= shipments)",
                "compliant <= monitored <= temperature-controlled <= shipments",
            ),
        ],
    )
