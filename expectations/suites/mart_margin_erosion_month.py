"""mart_margin_erosion_month: the effects add up to the margin change, shares sum to 100 %, and
the ALL rows hold the segment's figures of mart_segment_kpis_month."""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import equals_sum, first_of_month, non_negative, rate, rows_absent

NAME = "mart_margin_erosion_month"
EFFECTS = [
    "volume_effect",
    "mix_effect",
    "price_effect",
    "fuel_effect",
    "freight_base_effect",
    "other_cost_effect",
]


def mart_margin_erosion_month() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={"key_columns": ["customer_segment", "business_unit", "month"]},
        expectations=[
            first_of_month("month"),
            equals_sum("margin_change", EFFECTS),
            equals_sum("net_margin", ["previous_net_margin", "margin_change"]),
            *non_negative("fuel_erosion"),
            *rate("revenue_share", "fuel_erosion_share"),
            rows_absent(
                "select * from {batch} where abs(fuel_erosion - greatest(-fuel_effect, 0)) > 0.005",
                "fuel_erosion is the margin fuel took",
            ),
            # Shares sum to 100 % per business unit and month.
            rows_absent(
                "select business_unit, month from {batch} group by 1, 2 "
                "having abs(sum(revenue_share) - 1) > 1e-9 "
                "or (count(fuel_erosion_share) > 0 and abs(sum(fuel_erosion_share) - 1) > 1e-9)",
                "revenue and fuel erosion shares sum to 100 % per business unit and month",
            ),
            # Conservation: the ALL rows are the segment's month of mart_segment_kpis_month.
            rows_absent(
                "select * from {batch} as erosion left join mart_segment_kpis_month as kpis "
                "on kpis.segment_type = 'customer' and kpis.segment = erosion.customer_segment "
                "and kpis.month = erosion.month where erosion.business_unit = 'ALL' and ("
                "kpis.segment is null or abs(erosion.revenue - kpis.revenue) > 0.01 "
                "or abs(erosion.net_margin - (kpis.gross_margin - kpis.cost_to_serve)) > 0.01)",
                "the ALL rows hold the segment month's revenue and net margin",
            ),
        ],
    )
