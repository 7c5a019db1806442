"""mart_kpi_alerts: one row per alert, each typed, dated to a month and with a severity."""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import first_of_month, not_null

NAME = "mart_kpi_alerts"


def mart_kpi_alerts() -> gx.ExpectationSuite:
    import great_expectations.expectations as gxe

    return gx.ExpectationSuite(
        name=NAME,
        meta={"key_columns": ["alert_type", "subject_id", "month"]},
        expectations=[
            *not_null("alert_type", "subject_id", "month", "severity"),
            gxe.ExpectCompoundColumnsToBeUnique(column_list=["alert_type", "subject_id", "month"]),
            first_of_month("month"),
        ],
    )
