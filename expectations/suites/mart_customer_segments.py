"""mart_customer_segments: every customer with sales segmented on the profitability matrix."""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import normalised_ids, one_of, rows_absent

NAME = "mart_customer_segments"
SEGMENTS = ["passive", "carriage_trade", "bargain_basement", "aggressive"]


def mart_customer_segments() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={"key_columns": ["customer_id"]},
        expectations=[
            *normalised_ids("customer_id"),
            one_of("customer_segment", [*SEGMENTS, "unsegmented"]),
            rows_absent(
                "select * from {batch} where revenue_12m > 0 and customer_id <> 'UNKNOWN' "
                "and customer_segment not in ('" + "', '".join(SEGMENTS) + "')",
                "every known customer with trailing revenue is in one of the four segments",
            ),
            rows_absent(
                "select * from {batch} where revenue_12m > 0 and customer_id <> 'UNKNOWN' "
                "and customer_segment <> case "
                "when is_high_margin and not is_high_cost_to_serve then 'passive' "
                "when is_high_margin and is_high_cost_to_serve then 'carriage_trade' "
                "when not is_high_margin and not is_high_cost_to_serve then 'bargain_basement' "
                "else 'aggressive' end",
                "the segment is the quadrant of the margin and cost-to-serve flags",
            ),
            # Segment coverage: every sold-to customer on a cost-to-serve line is segmented.
            rows_absent(
                "/* {batch} */ select distinct l.customer_id from mart_cost_to_serve_line as l "
                "where l.customer_id <> 'UNKNOWN' and not exists (select 1 from " + NAME + " as s "
                "where s.customer_id = l.customer_id)",
                "segment coverage: every known customer on a cost-to-serve line has a segment",
            ),
        ],
    )
