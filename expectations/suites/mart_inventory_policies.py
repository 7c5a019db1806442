"""mart_inventory_policies: the recomputed policy follows from its inputs.

Safety stock is never negative, the reorder point covers demand over the lead time plus the
safety stock, the gap is the difference to the ERP's EISBE, and every product-plant with a
class gets a cycle-count frequency.
"""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import WARNING, between, non_negative, one_of, rows_absent

NAME = "mart_inventory_policies"


def mart_inventory_policies() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={"key_columns": ["product_id", "plant_id"]},
        expectations=[
            one_of("abc_class", ["A", "B", "C", "unassigned"]),
            between("service_level", 0, 1),
            *non_negative(
                "mean_daily_demand",
                "demand_sd_daily",
                "lead_time_mean_days",
                "lead_time_sd_days",
                "safety_stock_qty",
                "reorder_point_qty",
            ),
            rows_absent(
                "select * from {batch} where abs(reorder_point_qty - (mean_daily_demand "
                "* lead_time_mean_days + safety_stock_qty)) > 1e-6",
                "reorder point = daily demand x lead time + safety stock",
            ),
            rows_absent(
                "select * from {batch} where abs(safety_stock_gap_qty "
                "- (safety_stock_qty - erp_safety_stock_qty)) > 1e-6",
                "the gap is the recomputed minus the ERP safety stock",
            ),
            rows_absent(
                "select * from {batch} where cycle_counts_per_year is null",
                "every product-plant has a cycle-count frequency",
            ),
            rows_absent(
                "select * from {batch} where lead_time_mean_days is null",
                "product-plants without any lead time (no safety stock can be set)",
                severity=WARNING,
            ),
        ],
    )
