"""mart_whatif_results: a scenario moves only its own segment, and the baseline moves nothing."""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import one_of, rows_absent

NAME = "mart_whatif_results"

SEGMENTS = ["passive", "carriage_trade", "bargain_basement", "aggressive", "unsegmented"]


def mart_whatif_results() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={"key_columns": ["scenario_id", "customer_segment", "measure"]},
        expectations=[
            one_of("customer_segment", SEGMENTS),
            rows_absent(
                "select * from {batch} where (not is_scenario_segment or scenario_id = 'baseline') "
                "and abs(coalesce(delta, 0)) > 0.005",
                "a scenario changes only its own segment; the baseline changes nothing",
            ),
            rows_absent(
                "select * from {batch} where measure in ('revenue', 'cogs', 'weight_kg', "
                "'order_lines', 'shared_overhead') and abs(coalesce(delta, 0)) > 0.005",
                "a service-level scenario keeps demand and the shared overhead allocation",
            ),
        ],
    )
