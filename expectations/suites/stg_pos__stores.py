"""pos/store: one row per store, each with a valid IANA time zone and its ERP ship-to."""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import (
    normalised_ids,
    references,
    rows_absent,
    types,
)

NAME = "stg_pos__stores"


def stg_pos__stores() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={"key_columns": ["store_id"]},
        expectations=[
            types(NAME, store_id="text", timezone="text"),
            *normalised_ids("store_id", "customer_id"),
            rows_absent(
                "select * from (select * from {batch}) as s where not exists "
                "(select 1 from pg_timezone_names() as z where z.name = s.timezone)",
                "timezone is an IANA time zone name",
            ),
            references("customer_id", "stg_erp__customers", mostly=0.95),
        ],
    )
