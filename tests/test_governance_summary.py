"""The run summary's line on official segment changes per quarter, on a tiny warehouse."""

from __future__ import annotations

import duckdb

from chainseg.summary import official_segment_changes_line


def _warehouse(rows: str) -> duckdb.DuckDBPyConnection:
    conn = duckdb.connect()
    conn.execute("create schema marts")
    conn.execute(
        "create table marts.mart_official_segments (entity_type varchar, entity_id varchar, "
        "period_end date, computed_segment varchar, is_official_change boolean)"
    )
    if rows:
        conn.execute(f"insert into marts.mart_official_segments values {rows}")
    return conn


def test_share_of_products_whose_official_segment_changed_per_quarter():
    # P flips every month but its official segment holds; Q changes officially in Q2.
    conn = _warehouse(
        "('product', 'P', '2025-03-31', 'AX', false), ('product', 'P', '2025-04-30', 'BX', false),"
        "('product', 'P', '2025-05-31', 'AX', false), ('product', 'Q', '2025-03-31', 'BX', false),"
        "('product', 'Q', '2025-04-30', 'AX', false), ('product', 'Q', '2025-06-30', 'AX', true),"
        "('supplier', 'S', '2025-06-30', 'routine', true)"
    )

    line = official_segment_changes_line(conn)

    assert line == (
        "products whose official segment changed: 2025-Q1 0.0 % (0 of 2; computed 0.0 %), "
        "2025-Q2 50.0 % (1 of 2; computed 100.0 %)"
    )


def test_without_history_the_line_says_so():
    assert official_segment_changes_line(_warehouse("")) == (
        "products whose official segment changed: no history"
    )
