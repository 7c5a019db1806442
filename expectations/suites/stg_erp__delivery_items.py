"""erp/delivery_item: one row per delivery item, each referencing a sales order line."""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import normalised_ids, odd_values, references, types

NAME = "stg_erp__delivery_items"


def stg_erp__delivery_items() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={"key_columns": ["delivery_id", "delivery_item"]},
        expectations=[
            types(NAME, delivered_qty="number", goods_issue_date="date"),
            *normalised_ids("delivery_id", "sales_order_id", "product_id"),
            odd_values("delivered_qty < 0", "delivered_qty is not negative (warning)"),
            references(
                ("sales_order_id", "sales_order_item"), "stg_erp__sales_order_items", mostly=0.95
            ),
        ],
    )
