"""mart_po_approval_compliance: the approval status follows from the levels, one way only.

A PO line is compliant exactly when its PO was released (FRGKE ``R``) at or above the level
its official segments and value call for; it is judged only with a release extract (SAP) and
a known PO value. The PO value is the sum of its lines' spend.
"""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import WARNING, between, one_of, rows_absent

NAME = "mart_po_approval_compliance"

STATUSES = ["compliant", "below_required_level", "not_released", "no_release_record", "not_judged"]


def mart_po_approval_compliance() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={"key_columns": ["po_number", "po_item"]},
        expectations=[
            one_of("approval_status", STATUSES),
            one_of(
                "supplier_segment",
                ["strategic", "leverage", "bottleneck", "routine", "unassigned"],
            ),
            one_of("product_abc_class", ["A", "B", "C", "unassigned"]),
            between("required_level", 1, 9),
            rows_absent(
                "select * from {batch} where required_level is distinct from "
                "greatest(supplier_required_level, product_required_level)",
                "the required level is the higher of the supplier and the material rule",
            ),
            rows_absent(
                "select * from {batch} where approval_status = 'compliant' and not "
                "(release_indicator = 'R' and releasing_level >= required_level)",
                "a compliant line was released at or above its required level",
            ),
            rows_absent(
                "select * from {batch} where approval_status = 'below_required_level' and not "
                "(release_indicator = 'R' and releasing_level < required_level)",
                "a line below its required level was released at a lower level",
            ),
            rows_absent(
                "select * from {batch} where (approval_status = 'not_judged') "
                "<> (is_approval_violation is null)",
                "every judged line, and only those, is a violation or not",
            ),
            rows_absent(
                "select * from {batch} where is_approval_violation "
                "<> (approval_status <> 'compliant')",
                "a violation is every judged status but compliant",
            ),
            rows_absent(
                "select * from (select *, sum(spend) over (partition by po_number) "
                "as lines_spend from {batch}) as lines "
                "where po_value is not null and abs(po_value - lines_spend) > 0.005",
                "the PO value is the sum of its lines' spend",
            ),
            rows_absent(
                "select * from {batch} where business_unit = 'BU-CORE' "
                "and approval_status = 'no_release_record'",
                "SAP POs ordered outside the release workflow: follow up with the buyer",
                severity=WARNING,
            ),
        ],
    )
