"""The row-by-row mart comparison of the engine parity check (tests/spark/parity.py)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from tests.spark.parity import compare_marts, compare_relations, is_money, spark_table_path


@pytest.fixture
def conn() -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect()
    connection.execute(
        "create table left_side as select * from (values "
        "('C1', 100.004::double, 0.1234567::double, date '2025-01-01'), "
        "('C2', 50.0::double, 0.5::double, date '2025-01-01')) "
        "as t(customer_id, net_value_rc, share, month)"
    )
    return connection


def _right(conn: duckdb.DuckDBPyConnection, rows: str) -> str:
    conn.execute(
        f"create or replace table right_side as select * from (values {rows}) "
        "as t(customer_id, net_value_rc, share, month)"
    )
    return "right_side"


def test_money_is_compared_to_the_cent_and_other_values_to_1e6(conn) -> None:
    # 100.004 vs 100.0041 (same cent) and 0.1234567 vs 0.12345671 (same at 1e-6): equal.
    right = _right(
        conn,
        "('C2', 50.0::double, 0.5::double, date '2025-01-01'), "
        "('C1', 100.0041::double, 0.12345671::double, date '2025-01-01')",
    )
    diff = compare_relations(conn, "m", "left_side", right)
    assert diff.ok, diff.line()


def test_a_cent_of_difference_is_a_difference(conn) -> None:
    right = _right(
        conn,
        "('C1', 100.014::double, 0.1234567::double, date '2025-01-01'), "
        "('C2', 50.0::double, 0.5::double, date '2025-01-01')",
    )
    diff = compare_relations(conn, "m", "left_side", right)
    assert not diff.ok
    assert [row[0] for row in diff.only_duckdb] == ["C1"]
    assert [row[1] for row in diff.only_spark] == [100.014]  # reported unrounded


def test_a_duplicated_row_is_a_difference(conn) -> None:
    right = _right(
        conn,
        "('C1', 100.004::double, 0.1234567::double, date '2025-01-01'), "
        "('C2', 50.0::double, 0.5::double, date '2025-01-01'), "
        "('C2', 50.0::double, 0.5::double, date '2025-01-01')",
    )
    diff = compare_relations(conn, "m", "left_side", right)
    assert (diff.duckdb_rows, diff.spark_rows) == (2, 3)
    assert len(diff.only_spark) == 1 and not diff.only_duckdb


def test_different_columns_are_reported_not_compared(conn) -> None:
    conn.execute("create table other as select customer_id, net_value_rc from left_side")
    diff = compare_relations(conn, "m", "left_side", "other")
    assert not diff.ok
    assert diff.problem is not None and "columns differ" in diff.problem


def test_money_columns_are_recognised_by_name() -> None:
    assert is_money("net_value_rc") and is_money("freight_cost") and is_money("spend_rc")
    assert not is_money("defect_ppm") and not is_money("otd_rate")


def test_marts_are_read_from_spark_parquet_and_a_missing_one_is_reported(tmp_path: Path) -> None:
    warehouse = tmp_path / "warehouse.duckdb"
    conn = duckdb.connect(str(warehouse))
    conn.execute("create schema marts")
    conn.execute("create table marts.mart_a as select 'x' as id, 1.0::double as amount_rc")
    conn.execute("create table marts.mart_b as select 'y' as id")
    folder = spark_table_path(tmp_path / "spark", "marts", "mart_a")
    folder.mkdir(parents=True)
    conn.execute(f"copy marts.mart_a to '{folder / 'part-0.parquet'}' (format parquet)")
    conn.close()
    diffs = {d.mart: d for d in compare_marts(warehouse, tmp_path / "spark")}
    assert diffs["mart_a"].ok
    assert diffs["mart_b"].problem is not None and "no Spark table" in diffs["mart_b"].problem


def test_neighbouring_rounding_steps_are_equal_but_two_steps_are_not(conn) -> None:
    # 100.004999 rounds to 100.00 and 100.005001 to 100.01: one step apart, the same money.
    conn.execute("update left_side set net_value_rc = 100.004999 where customer_id = 'C1'")
    right = _right(
        conn,
        "('C1', 100.005001::double, 0.1234567::double, date '2025-01-01'), "
        "('C2', 50.0::double, 0.5::double, date '2025-01-01')",
    )
    assert compare_relations(conn, "m", "left_side", right).ok
    right = _right(
        conn,
        "('C1', 100.016::double, 0.1234567::double, date '2025-01-01'), "
        "('C2', 50.0::double, 0.5::double, date '2025-01-01')",
    )
    assert not compare_relations(conn, "m", "left_side", right).ok
