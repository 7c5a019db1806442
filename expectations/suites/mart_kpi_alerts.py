"""mart_kpi_alerts: one row per alert episode, typed, dated to its opening month, with a severity
and a consistent open/closed state."""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import first_of_month, one_of, rows_absent

NAME = "mart_kpi_alerts"


def mart_kpi_alerts() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={"key_columns": ["alert_type", "subject_id", "month"]},
        expectations=[
            first_of_month("month"),
            one_of("severity", ["low", "medium", "high"]),
            rows_absent(
                "select * from {batch} where is_open <> (closed_month is null) "
                "or last_breach_month < month or closed_month <= last_breach_month "
                "or breach_months < 1",
                "an episode opens on its first breach month and closes after its last one",
            ),
        ],
    )
