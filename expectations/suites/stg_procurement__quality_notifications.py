"""procurement/quality_notification: CR03 and CR04 hold, ids normalised, quantities typed."""

from __future__ import annotations

import great_expectations as gx
import great_expectations.expectations as gxe

from expectations.custom import (
    WARNING,
    normalised_ids,
    one_of,
    references,
    rows_absent,
    types,
)

NAME = "stg_procurement__quality_notifications"


def stg_procurement__quality_notifications() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={"key_columns": ["notification_id"]},
        expectations=[
            types(
                NAME,
                notification_id="text",
                inspected_qty="number",
                defect_qty="number",
                created_on="date",
            ),
            *normalised_ids("notification_id", "supplier_id", "product_id", "po_number"),
            one_of("severity", ["minor", "major", "critical"]),
            # CR03: staging keeps every notification; each one breaking the rule must be in
            # quarantine under CR03 (a planted or mis-cleansed row is caught here).
            rows_absent(
                "select * from (select * from {batch}) as n "
                "where (n.defect_qty > n.inspected_qty or n.defect_qty < 0 "
                "or n.inspected_qty < 0) and not exists (select 1 from fct_quarantine as q "
                "where q.rule_id = 'CR03' and q.source_file = n._source_file "
                "and q.row_number = n._row_number)",
                "CR03: defect_qty <= inspected_qty and quantities >= 0, or quarantined as CR03",
            ),
            # CR04: an empty or unknown supplier is resolved through the PO line or quarantined
            # (a notification dated after the as-of date is held back, AS01).
            rows_absent(
                "select * from (select * from {batch}) as n "
                "where coalesce(n.created_on <= (select max(as_of_date) from int_as_of), true) "
                "and not exists (select 1 from fct_quality_notifications as f "
                "where f.notification_id = n.notification_id) "
                "and not exists (select 1 from fct_quarantine as q "
                "where q.rule_id in ('CR03', 'CR04') and q.source_file = n._source_file "
                "and q.row_number = n._row_number)",
                "CR03/CR04: every notification is either a valid fact or quarantined",
            ),
            gxe.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A="inspected_qty",
                column_B="defect_qty",
                or_equal=True,
                mostly=0.9,
                severity=WARNING,
                description="defect_qty <= inspected_qty on at least 90% of notifications",
            ),
            references("supplier_id", "stg_erp__vendors", mostly=0.9, severity=WARNING),
            # A warning: an unknown material is a source defect (sources.md, defect 9), and a
            # table this small swings past 5 % on a few rows (3 of 49 on seed 42's 60 days).
            # A material master that did not arrive still stops the run: the PO and sales
            # order lines' product references stay errors.
            references("product_id", "stg_erp__materials", mostly=0.95, severity=WARNING),
        ],
    )
