"""mart_sla_feasibility: conflict flags that follow from the contract and policy numbers."""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import between, rows_absent

NAME = "mart_sla_feasibility"


def mart_sla_feasibility() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={"key_columns": ["customer_id"]},
        expectations=[
            between("actual_otif", 0, 1),
            between("otif_commitment", 0, 1),
            rows_absent(
                "select * from {batch} where (conflict is null) "
                "= (is_lead_time_conflict or is_otif_conflict)",
                "a conflict is described exactly when the policy is weaker than the contract",
            ),
            rows_absent(
                "select * from {batch} where penalty_exposure_12m < 0 "
                "or failed_lines_12m > due_lines_12m",
                "failed lines are among the due lines and exposures are not negative",
            ),
        ],
    )
