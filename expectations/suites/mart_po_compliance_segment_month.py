"""mart_po_compliance_segment_month: maverick and approval violations are parts of the lines."""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import first_of_month, non_negative, one_of, rows_absent

NAME = "mart_po_compliance_segment_month"


def mart_po_compliance_segment_month() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={"key_columns": ["supplier_segment", "month"]},
        expectations=[
            first_of_month("month"),
            one_of(
                "supplier_segment",
                ["strategic", "leverage", "bottleneck", "routine", "unassigned"],
            ),
            *non_negative("spend", "maverick_spend", "approval_violation_spend"),
            rows_absent(
                "select * from {batch} where maverick_po_lines > po_lines "
                "or approval_judged_po_lines > po_lines "
                "or approval_violation_po_lines > approval_judged_po_lines "
                "or maverick_and_violation_po_lines "
                "> least(maverick_po_lines, approval_violation_po_lines)",
                "maverick and violating lines are among the lines, both among each",
            ),
            rows_absent(
                "select * from {batch} where approval_violation_spend > spend + 0.005 "
                "or maverick_and_violation_spend > approval_violation_spend + 0.005",
                "violation spend is part of the spend",
            ),
        ],
    )
