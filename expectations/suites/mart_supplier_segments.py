"""mart_supplier_segments: every supplier in its Kraljic quadrant, by the seed's rules."""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import (
    between,
    non_negative,
    normalised_ids,
    one_of,
    rows_absent,
)

NAME = "mart_supplier_segments"


def mart_supplier_segments() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={"key_columns": ["supplier_id"]},
        expectations=[
            *normalised_ids("supplier_id"),
            one_of("kraljic_segment", ["strategic", "leverage", "bottleneck", "routine"]),
            *non_negative("spend_12m", "approval_threshold"),
            # 0.4 x [1, 5] + 0.3 x {1, 5} + 0.3 x {1, 3, 5} lies in [1, 5].
            between("supply_risk_score", 1, 5),
            rows_absent(
                "select * from {batch} where kraljic_segment <> case "
                "when is_high_impact and is_high_risk then 'strategic' "
                "when is_high_impact then 'leverage' "
                "when is_high_risk then 'bottleneck' else 'routine' end",
                "the quadrant follows profit impact and supply risk",
            ),
            rows_absent(
                "select * from {batch} cross join supplier_kraljic_parameters as k "
                "where is_high_risk <> (supply_risk_score >= k.high_risk_min_score - 1e-9)",
                "supply risk is high exactly at or above the seed's threshold",
            ),
            # Segment coverage: every supplier with PO spend on the scorecard is segmented.
            rows_absent(
                "/* {batch} */ select distinct c.supplier_id "
                "from mart_supplier_scorecard_month as c where c.supplier_id <> 'UNKNOWN' "
                "and not exists ("
                "select 1 from " + NAME + " as s where s.supplier_id = c.supplier_id)",
                "segment coverage: every known supplier on the scorecard has a segment",
            ),
        ],
    )
