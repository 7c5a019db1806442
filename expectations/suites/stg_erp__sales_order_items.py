"""erp/sales_order_item: one row per SO line (latest AEDAT), channel, priority, values sane."""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import (
    WARNING,
    normalised_ids,
    odd_values,
    one_of,
    references,
    rows_absent,
    types,
)

NAME = "stg_erp__sales_order_items"


def stg_erp__sales_order_items() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={"key_columns": ["sales_order_id", "sales_order_item"]},
        expectations=[
            types(
                NAME,
                ordered_qty="number",
                net_value="number",
                order_date="date",
                requested_date="date",
                is_cancelled="boolean",
            ),
            *normalised_ids("sales_order_id", "customer_id", "ship_to_customer_id", "product_id"),
            # A cancelled line may carry quantity 0, a free-of-charge item value 0: warnings.
            odd_values(
                "ordered_qty <= 0", "ordered_qty is above 0 (0 on cancelled lines: warning)"
            ),
            odd_values("net_value < 0", "net_value is not negative (warning)"),
            one_of("channel", ["wholesale", "retail", "ecommerce"]),
            one_of("delivery_priority", [1, 2, 3, 4, "1", "2", "3", "4"]),
            rows_absent(
                "select * from {batch} where requested_date < order_date",
                "requested_date is not before order_date",
                severity=WARNING,
            ),
            references("customer_id", "stg_erp__customers", mostly=0.95),
            references("product_id", "stg_erp__materials", mostly=0.95),
            # CR06: facts keep orphans on the explicit UNKNOWN member, never on a dangling id.
            rows_absent(
                "/* {batch} */ select * from fct_sales_order_lines as f "
                "where not exists (select 1 from dim_customer as d "
                "where d.customer_id = f.customer_id) "
                "or not exists (select 1 from dim_product as p where p.product_id = f.product_id)",
                "CR06: every SO line's customer and product is a known member or UNKNOWN",
            ),
        ],
    )
