"""oracle/standard_cost: one row per standard cost record, ids normalised, costs not negative."""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import normalised_ids, types

NAME = "stg_oracle__standard_costs"


def stg_oracle__standard_costs() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={"key_columns": ["std_cost_id"]},
        expectations=[
            types(NAME, std_cost_id="text", source_item_id="text", organization_id="text"),
            *normalised_ids("std_cost_id", "source_item_id", "organization_id"),
            gx.expectations.ExpectColumnValuesToBeBetween(column="total_cost", min_value=0),
        ],
    )
