"""mart_segment_kpis_month: segments partition each month (shares sum to 100 %), rates in [0, 1]."""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import first_of_month, non_negative, one_of, rate, rows_absent

NAME = "mart_segment_kpis_month"
# ``unsegmented`` holds the unknown members (CR06), so that shares still sum to 100 %.
PRODUCT_SEGMENTS = [*(a + x for a in "ABC" for x in ("X", "Y", "Z", "new")), "unsegmented"]
CUSTOMER_SEGMENTS = ["passive", "carriage_trade", "bargain_basement", "aggressive", "unsegmented"]
SUPPLIER_SEGMENTS = ["strategic", "leverage", "bottleneck", "routine", "unsegmented"]


def _in_list(values: list[str]) -> str:
    return ", ".join(f"'{v}'" for v in values)


def mart_segment_kpis_month() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={"key_columns": ["segment_type", "segment", "month"]},
        expectations=[
            one_of("segment_type", ["product", "customer", "supplier"]),
            first_of_month("month"),
            rows_absent(
                "select * from {batch} where "
                f"(segment_type = 'product' and segment not in ({_in_list(PRODUCT_SEGMENTS)})) "
                f"or (segment_type = 'customer' and segment not in "
                f"({_in_list(CUSTOMER_SEGMENTS)})) "
                f"or (segment_type = 'supplier' and segment not in "
                f"({_in_list(SUPPLIER_SEGMENTS)}))",
                "each segment is one of its segment type's values",
            ),
            *rate("otif_rate"),
            *non_negative("member_count", "inventory_turns"),
            rows_absent(
                "select * from {batch} where segment_type <> 'product' "
                "and inventory_turns is not null",
                "inventory_turns is for product segments only",
            ),
            rows_absent(
                "select * from {batch} where segment_type = 'supplier' and (revenue is not null "
                "or gross_margin is not null or cost_to_serve is not null)",
                "supplier segments carry no sales money columns",
            ),
            # Shares sum to 100 %: per month the product (and the customer) segments together
            # hold all of the cost-to-serve lines' revenue and cost to serve.
            rows_absent(
                "with segments as (select segment_type, month, sum(revenue) as revenue, "
                "sum(cost_to_serve) as cost_to_serve from {batch} "
                "where segment_type in ('product', 'customer') group by 1, 2), "
                "lines as (select date_trunc('month', order_date) as month, "
                "sum(revenue) as revenue, sum(cost_to_serve) as cost_to_serve "
                "from mart_cost_to_serve_line group by 1), "
                "expected as (select t.segment_type, lines.* from lines cross join "
                "(values ('product'), ('customer')) as t(segment_type)) "
                "select * from segments full join expected using (segment_type, month) "
                "where abs(coalesce(segments.revenue, 0) - coalesce(expected.revenue, 0)) > 0.01 "
                "or abs(coalesce(segments.cost_to_serve, 0) "
                "- coalesce(expected.cost_to_serve, 0)) > 0.01",
                "segment shares sum to 100 % of each month's revenue and cost to serve",
            ),
        ],
    )
