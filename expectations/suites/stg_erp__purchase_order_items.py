"""erp/purchase_order_item: one row per PO line (latest AEDAT), quantities and prices sane."""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import (
    WARNING,
    between,
    normalised_ids,
    odd_values,
    references,
    rows_absent,
    types,
)

NAME = "stg_erp__purchase_order_items"


def stg_erp__purchase_order_items() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={"key_columns": ["po_number", "po_item"]},
        expectations=[
            types(
                NAME,
                ordered_qty="number",
                net_price="number",
                po_date="date",
                requested_date="date",
                is_deleted="boolean",
            ),
            *normalised_ids("po_number", "supplier_id", "product_id", "contract_id"),
            # A deleted or cancelled line may carry quantity 0: a warning listing the rows.
            odd_values(
                "ordered_qty <= 0", "ordered_qty is above 0 (0 on cancelled lines: warning)"
            ),
            odd_values("net_price < 0", "net_price is not negative (warning)"),
            between("price_unit", 0, None, strict_min=True),
            rows_absent(
                "select * from {batch} where requested_date < po_date",
                "requested_date is not before po_date",
                severity=WARNING,
            ),
            references("supplier_id", "stg_erp__vendors", mostly=0.95),
            references("product_id", "stg_erp__materials", mostly=0.95),
            references("contract_id", "stg_procurement__contracts", mostly=0.95, severity=WARNING),
            # CR02 as the facts apply it: flagged exactly when the actual lead time is out of
            # [0, lead_time_outlier_max_days] days (seed cleansing_parameters, default 365).
            rows_absent(
                "/* {batch} */ select f.* from fct_purchase_order_lines as f "
                "cross join cleansing_parameters as p "
                "where coalesce(f.is_lead_time_outlier, false) <> coalesce("
                "f.actual_lead_time_days < 0 "
                "or f.actual_lead_time_days > p.lead_time_outlier_max_days, false)",
                "CR02: a PO line is flagged exactly when its actual lead time is < 0 or above "
                "the seed's lead_time_outlier_max_days",
            ),
            # CR06: facts keep orphans on the explicit UNKNOWN member, never on a dangling id.
            rows_absent(
                "/* {batch} */ select * from fct_purchase_order_lines as f "
                "where not exists (select 1 from dim_supplier as d "
                "where d.supplier_id = f.supplier_id) "
                "or not exists (select 1 from dim_product as p where p.product_id = f.product_id)",
                "CR06: every PO line's supplier and product is a known member or UNKNOWN",
            ),
        ],
    )
