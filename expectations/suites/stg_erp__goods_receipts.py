"""erp/goods_receipt: one row per document line, movement types and signs as SAP posts them."""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import (
    normalised_ids,
    one_of,
    references,
    rows_absent,
    types,
)

NAME = "stg_erp__goods_receipts"


def stg_erp__goods_receipts() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={"key_columns": ["material_document", "document_year", "document_item"]},
        expectations=[
            types(NAME, quantity="number", posting_date="date"),
            *normalised_ids("po_number", "product_id"),
            one_of("movement_type", ["101", "102", "122"]),
            # 101 receipts are positive; 102 reversals and 122 returns negative (trailing minus).
            rows_absent(
                "select * from {batch} where (movement_type = '101' and quantity <= 0) "
                "or (movement_type in ('102', '122') and quantity >= 0)",
                "quantity sign matches the movement type (101 > 0; 102, 122 < 0)",
            ),
            references(("po_number", "po_item"), "stg_erp__purchase_order_items", mostly=0.95),
        ],
    )
