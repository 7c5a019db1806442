"""mart_kpi_alerts: one row per alert, each typed, dated to a month and with a severity."""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import first_of_month, one_of

NAME = "mart_kpi_alerts"


def mart_kpi_alerts() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={"key_columns": ["alert_type", "subject_id", "month"]},
        expectations=[
            first_of_month("month"),
            one_of("severity", ["low", "medium", "high"]),
        ],
    )
