"""A dbt step killed while it swapped a relation in leaves ``<model>__dbt_backup`` or
``<model>__dbt_tmp`` behind; the next dbt step drops them before it builds anything (the kill
suite found a leftover backup that blocked every later run at the data-ownership suite)."""

from __future__ import annotations

import duckdb

from tests.pipeline_fixtures import dbt, scratch_warehouse


def _relations(conn: duckdb.DuckDBPyConnection) -> set[str]:
    rows = conn.execute(
        "select table_schema || '.' || table_name from information_schema.tables"
    ).fetchall()
    return {name for (name,) in rows}


def test_the_next_dbt_step_drops_what_a_killed_swap_left_behind() -> None:
    warehouse = scratch_warehouse(copy_demo=False)
    conn = duckdb.connect(str(warehouse))
    try:
        conn.execute("create schema marts")
        conn.execute("create table marts.mart_data_quality as select 1 as rows_failed")
        conn.execute("create table marts.mart_data_quality__dbt_backup as select 2 as rows_failed")
        conn.execute("create view marts.mart_kpi_alerts__dbt_tmp as select 3 as alerts")
        conn.execute("create table marts.mart_dbt_tmp_notes as select 4 as kept")  # not a suffix
    finally:
        conn.close()

    result = dbt(warehouse, "seed", "--select", "reporting_currency")

    assert result.returncode == 0, result.stdout[-2000:]
    assert "dropping marts.mart_data_quality__dbt_backup, left by a dbt step" in result.stdout
    conn = duckdb.connect(str(warehouse), read_only=True)
    try:
        relations = _relations(conn)
        kept = conn.execute("select rows_failed from marts.mart_data_quality").fetchall()
    finally:
        conn.close()
    assert "marts.mart_data_quality__dbt_backup" not in relations
    assert "marts.mart_kpi_alerts__dbt_tmp" not in relations
    assert {"marts.mart_data_quality", "marts.mart_dbt_tmp_notes"} <= relations
    assert kept == [(1,)]
