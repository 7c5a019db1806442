"""Oracle SCM Cloud (BI Publisher CSV) extracts: the same ledger, quarantine and schema-drift
rules as the SAP ones — malformed rows quarantined with their reason, exact duplicate rows
kept and counted, a file delivered twice loaded once, an extra column loaded and reported,
a missing required column rejecting the file."""

from __future__ import annotations

from landed import land, rows

from ingestion import load_landing
from ingestion.entities import entity

LINE = entity("oracle/fulfillment_line")
HEADER = ",".join(LINE.fields)


def _line(fl_id: int, qty: str = "40", name_like: str = "STANDARD") -> str:
    values = {
        "FULFILL_LINE_ID": str(fl_id),
        "HEADER_ID": "300000054000371",
        "LINE_ID": str(fl_id + 1),
        "FULFILL_LINE_NUMBER": "1",
        "INVENTORY_ITEM_ID": "300000047100104",
        "FULFILL_ORG_ID": "300000001000101",
        "SHIP_TO_CUSTOMER_ID": "300000049300021",
        "ORDERED_QTY": qty,
        "ORDERED_UOM": "Ea",
        "EXTENDED_AMOUNT": "258.82",
        "REQUEST_SHIP_DATE": "2025-03-02",
        "SHIPPED_QTY": "",
        "ACTUAL_SHIP_DATE": "",
        "SHIP_CLASS_OF_SERVICE": name_like,
        "DEMAND_CLASS_CODE": "RETAIL",
        "STATUS_CODE": "AWAIT_SHIPPING",
        "CANCELED_FLAG": "N",
        "LAST_UPDATE_DATE": "2025-03-01T17:02:09.000+00:00",
    }
    return ",".join(values[f] for f in LINE.fields)


def _result(results, qualified):
    return next(r for r in results if r.entity == qualified)


def _land(landing, day: str, body: str, part: str = "001") -> None:
    compact = day.replace("-", "")
    land(landing, LINE.qualified, day, f"fulfillment_line_{compact}_{part}.csv", body)


def test_malformed_oracle_rows_are_quarantined_with_their_reason(conn, landing):
    good, other = _line(300000055000387), _line(300000055000390)
    body = "\n".join(
        [
            HEADER,
            good,
            other + ",extra",
            '"300000055000393"x,' + good.split(",", 1)[1],
            _line(300000055000396, name_like='"EXPRESS, 2 DAY"'),
        ]
    )
    _land(landing, "2025-03-01", body + "\n")

    result = _result(load_landing(conn, landing, entities=[LINE.qualified]), LINE.qualified)

    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (4, 2, 2)
    assert rows(
        conn,
        "select fulfill_line_id, ship_class_of_service, shipped_qty, _row_number "
        "from raw.oracle__fulfillment_line order by _row_number",
    ) == [
        ("300000055000387", "STANDARD", None, 1),
        ("300000055000396", "EXPRESS, 2 DAY", None, 4),
    ]
    assert rows(conn, "select row_number, reason, rule_id from raw._quarantine order by 1") == [
        (2, "wrong number of fields: expected 18, found 19", "ING01"),
        (3, "broken quoting", "ING01"),
    ]


def test_oracle_duplicate_rows_kept_and_duplicate_file_loaded_once(conn, landing):
    row = _line(300000055000387)
    body = "\n".join([HEADER, row, row]) + "\n"
    _land(landing, "2025-03-01", body)
    _land(landing, "2025-03-01", body, part="051")  # the same bytes delivered again

    result = _result(load_landing(conn, landing, entities=[LINE.qualified]), LINE.qualified)

    assert (result.files_loaded, result.files_skipped, result.rows_loaded) == (1, 1, 2)
    assert rows(conn, "select count(*) from raw.oracle__fulfillment_line") == [(2,)]


def test_oracle_extra_column_reported_and_missing_column_rejects_the_file(conn, landing):
    _land(landing, "2025-03-01", f"{HEADER},ATTRIBUTE1\n{_line(300000055000387)},x\n")
    without = HEADER.removesuffix(",LAST_UPDATE_DATE")
    _land(landing, "2025-03-02", f"{without}\n{_line(300000055000390).rsplit(',', 1)[0]}\n")

    result = _result(load_landing(conn, landing, entities=[LINE.qualified]), LINE.qualified)

    assert result.extra_columns == ["attribute1"]
    assert (result.files_loaded, result.files_rejected) == (1, 1)
    assert rows(conn, "select fulfill_line_id from raw.oracle__fulfillment_line") == [
        ("300000055000387",)
    ]
    assert rows(conn, "select reason from raw._file_rejections") == [
        ("missing required column last_update_date",)
    ]


COST = entity("oracle/standard_cost")
COST_HEADER = ",".join(COST.fields)


def _cost(std_cost_id: int, total: str = "3.0192", end: str = "") -> str:
    values = {
        "STD_COST_ID": str(std_cost_id),
        "COST_ORG_ID": "300000001000201",
        "COST_BOOK_ID": "300000001000301",
        "INVENTORY_ITEM_ID": "300000047100013",
        "ORGANIZATION_ID": "300000001000101",
        "EFFECTIVE_START_DATE": "2023-11-28",
        "EFFECTIVE_END_DATE": end,
        "TOTAL_COST": total,
        "CURRENCY_CODE": "USD",
        "UOM_CODE": "Ea",
        "LAST_UPDATE_DATE": "2025-07-02T07:00:02.000+00:00",
    }
    return ",".join(values[f] for f in COST.fields)


def _land_cost(landing, day: str, body: str, part: str = "001") -> None:
    compact = day.replace("-", "")
    land(landing, COST.qualified, day, f"standard_cost_{compact}_{part}.csv", body)


def test_oracle_standard_costs_load_and_malformed_rows_are_quarantined(conn, landing):
    body = "\n".join(
        [
            COST_HEADER,
            _cost(300000056000004, end="2025-07-01"),
            _cost(300000056000005, total="3.14"),
            _cost(300000056000006) + ",extra",
        ]
    )
    _land_cost(landing, "2025-07-29", body + "\n")
    _land_cost(landing, "2025-07-29", body + "\n", part="051")  # delivered twice

    result = _result(load_landing(conn, landing, entities=[COST.qualified]), COST.qualified)

    assert (result.files_loaded, result.files_skipped) == (1, 1)
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (3, 2, 1)
    assert rows(
        conn,
        "select std_cost_id, effective_end_date, total_cost, currency_code "
        "from raw.oracle__standard_cost order by _row_number",
    ) == [
        ("300000056000004", "2025-07-01", "3.0192", "USD"),
        ("300000056000005", None, "3.14", "USD"),
    ]
    assert rows(conn, "select reason from raw._quarantine") == [
        ("wrong number of fields: expected 11, found 12",)
    ]


def test_oracle_standard_cost_without_total_cost_column_rejects_the_file(conn, landing):
    fields = [f for f in COST.fields if f != "TOTAL_COST"]
    line = _cost(300000056000004).split(",")
    del line[COST.fields.index("TOTAL_COST")]
    _land_cost(landing, "2025-07-29", ",".join(fields) + "\n" + ",".join(line) + "\n")

    result = _result(load_landing(conn, landing, entities=[COST.qualified]), COST.qualified)

    assert result.files_rejected == 1
    assert rows(conn, "select reason from raw._file_rejections") == [
        ("missing required column total_cost",)
    ]
