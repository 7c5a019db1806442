"""mart_product_segments: every product segmented by the ABC and XYZ rules of the seeds."""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import (
    non_negative,
    normalised_ids,
    one_of,
    rows_absent,
)

NAME = "mart_product_segments"


def mart_product_segments() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={"key_columns": ["product_id"]},
        expectations=[
            *normalised_ids("product_id"),
            one_of("abc_class", ["A", "B", "C"]),
            # ``new``: launch products, whose few weeks of demand give no variability yet.
            one_of("xyz_class", ["X", "Y", "Z", "new"]),
            one_of("lifecycle_stage", ["launch", "mature", "phase_out", "inactive"]),
            rows_absent(
                "select * from {batch} where (xyz_class = 'new') <> (lifecycle_stage = 'launch')",
                "XYZ class new exactly for launch products",
            ),
            rows_absent(
                "select * from {batch} where is_phase_out <> (lifecycle_stage = 'phase_out')",
                "is_phase_out flags exactly the phase-out products",
            ),
            rows_absent(
                "select * from {batch} where product_segment <> abc_class || xyz_class",
                "product_segment is abc_class followed by xyz_class",
            ),
            *non_negative("sales_value_12m", "abc_value_12m", "demand_cov_52w"),
            one_of("demand_basis", ["sales", "consumption"]),
            # The ABC value is sales, except for raw and packaging materials (purchases).
            rows_absent(
                "select * from {batch} "
                "where demand_basis = 'sales' and abc_value_12m <> sales_value_12m",
                "products judged by sales are ranked by their sales value",
            ),
            # Segment coverage: every real product of the master is segmented.
            rows_absent(
                "/* {batch} */ select * from dim_product as p where not p.is_unknown_member "
                "and not exists (select 1 from " + NAME + " as s "
                "where s.product_id = p.product_id)",
                "segment coverage: every product of dim_product has a segment",
            ),
            # The ABC rule with the seed's cut-offs on the share before each product (within
            # its demand basis); a lifecycle stage may have its own (blank = global).
            rows_absent(
                "select * from {batch} as b cross join product_segmentation_thresholds as g "
                "left join product_lifecycle_thresholds as s "
                "on b.lifecycle_stage = s.lifecycle_stage "
                "where abc_class <> case when coalesce(abc_value_12m, 0) = 0 then 'C' "
                "when sales_share_before < coalesce(s.abc_a_max_share_before, "
                "g.abc_a_max_share_before) then 'A' "
                "when sales_share_before < coalesce(s.abc_b_max_share_before, "
                "g.abc_b_max_share_before) then 'B' else 'C' end",
                "ABC: A below the A cut-off of share before, B below the B cut-off, else C",
            ),
            # Shares: the A class holds at least the A cut-off of trailing value, per basis.
            rows_absent(
                "with shares as (select demand_basis, "
                "sum(case when abc_class = 'A' then abc_value_12m "
                "else 0 end) / nullif(sum(abc_value_12m), 0) as a_share from {batch} "
                "group by demand_basis) "
                "select * from shares cross join product_segmentation_thresholds as t "
                "where a_share < t.abc_a_max_share_before - 1e-9",
                "ABC shares: class A holds at least the A cut-off of value, per demand basis",
            ),
            rows_absent(
                "select * from {batch} as b cross join product_segmentation_thresholds as g "
                "left join product_lifecycle_thresholds as s "
                "on b.lifecycle_stage = s.lifecycle_stage "
                "where b.lifecycle_stage <> 'launch' and xyz_class <> case "
                "when demand_cov_52w is null then 'Z' "
                "when demand_cov_52w <= coalesce(s.xyz_x_max_cov, g.xyz_x_max_cov) then 'X' "
                "when demand_cov_52w <= coalesce(s.xyz_y_max_cov, g.xyz_y_max_cov) then 'Y' "
                "else 'Z' end",
                "XYZ: X up to the X cut-off of CoV, Y up to the Y cut-off, else (or no demand) Z",
            ),
        ],
    )
