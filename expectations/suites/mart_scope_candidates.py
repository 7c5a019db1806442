"""mart_scope_candidates: business units and product lines ranked by the seed's weights."""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import non_negative, one_of, rate, rows_absent

NAME = "mart_scope_candidates"


def mart_scope_candidates() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={"key_columns": ["candidate_type", "candidate"]},
        expectations=[
            one_of("candidate_type", ["business_unit", "category"]),
            *non_negative("revenue_12m", "supplier_count", "sku_count"),
            *rate(
                "revenue_scaled",
                "suppliers_scaled",
                "skus_scaled",
                "demand_variability_scaled",
                "lead_time_variability_scaled",
            ),
            # The score is the seed's weighted sum of the scaled criteria.
            rows_absent(
                "with w as (select "
                "sum(case when criterion = 'revenue' then weight else 0 end) as r, "
                "sum(case when criterion = 'suppliers' then weight else 0 end) as s, "
                "sum(case when criterion = 'skus' then weight else 0 end) as k, "
                "sum(case when criterion = 'demand_variability' then weight else 0 end) as d, "
                "sum(case when criterion = 'lead_time_variability' then weight else 0 end) as l "
                "from scope_candidate_weights) "
                "select * from {batch} cross join w "
                "where abs(candidate_score - (r * revenue_scaled + s * suppliers_scaled "
                "+ k * skus_scaled + d * demand_variability_scaled "
                "+ l * lead_time_variability_scaled)) > 1e-6",
                "candidate_score is the weighted sum of the scaled criteria",
            ),
            # Ranks run 1, 2, ... by score within each type.
            rows_absent(
                "select * from (select candidate_score, lag(candidate_score) over "
                "(partition by candidate_type order by candidate_rank) as better_score "
                "from {batch}) as ranked where better_score < candidate_score",
                "a better rank never has a lower score",
            ),
        ],
    )
