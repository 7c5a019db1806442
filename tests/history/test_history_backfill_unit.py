"""The history backfill's parts that need no dbt: period ends, the per-period transaction,
the scratch folders killed backfills leave."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pytest

from history import backfill as hb


def test_period_ends_of_the_demo_year_are_the_twelve_month_ends():
    ends = hb.period_ends(date(2025, 1, 1), date(2025, 12, 31), "month")

    assert len(ends) == 12
    assert ends[0] == date(2025, 1, 31) and ends[1] == date(2025, 2, 28)
    assert ends[-1] == date(2025, 12, 31)


def test_period_ends_stop_before_an_open_period_and_follow_the_grain():
    # the last extract is 30 December: December is still open, so not backfilled
    assert hb.period_ends(date(2024, 2, 10), date(2024, 12, 30), "quarter") == [
        date(2024, 3, 31),
        date(2024, 6, 30),
        date(2024, 9, 30),
    ]
    assert hb.period_end(date(2024, 2, 10), "month") == date(2024, 2, 29)  # leap year
    assert hb.period_ends(date(2025, 3, 5), date(2025, 3, 30), "month") == []


def test_the_seed_grain_is_read_and_checked(tmp_path):
    seed = tmp_path / "segment_history_parameters.csv"
    seed.write_text("period_grain\nquarter\n")
    assert hb.period_grain(seed) == "quarter"
    seed.write_text("period_grain\nweek\n")
    with pytest.raises(hb.BackfillError, match="'week' is not one of"):
        hb.period_grain(seed)
    assert hb.period_grain() == "month"  # the project's seed


HISTORY = """
create schema history;
create table history.segment_history (
    entity_type varchar, entity_id varchar, period_end date, as_of_date date,
    is_period_closed boolean, segment varchar, segment_value double);
insert into history.segment_history values
    ('product', 'p1', date '2025-01-31', date '2025-01-31', true, 'AX', 1.0),
    ('product', 'p1', date '2025-02-28', date '2025-02-28', true, 'AX', 2.0),
    ('product', 'gone', date '2025-02-28', date '2025-02-28', true, 'CZ', 0.5),
    ('product', 'p1', date '2025-03-31', date '2025-03-14', false, 'BX', 3.0);
"""


def _scratch(path: Path, period: str, closed: bool = True) -> Path:
    with duckdb.connect(str(path)) as conn:
        conn.execute("create schema history")
        conn.execute(
            "create table history.segment_history_current as select 'product' as entity_type, "
            "'p1' as entity_id, ?::date as period_end, ?::date as as_of_date, "
            "? as is_period_closed, 'BY' as segment, 9.0 as segment_value, 'extra' as newer",
            [period, period, closed],
        )
    return path


def _rows(warehouse: Path) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        return conn.execute("select * from history.segment_history order by all").fetchall()


def test_a_period_is_replaced_as_a_whole_and_the_others_stay(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(warehouse)) as conn:
        conn.execute(HISTORY)
    scratch = _scratch(tmp_path / "scratch.duckdb", "2025-02-28")

    assert hb.write_period(warehouse, scratch, date(2025, 2, 28)) == 1

    rows = _rows(warehouse)
    assert [r for r in rows if r[2] == date(2025, 2, 28)] == [
        ("product", "p1", date(2025, 2, 28), date(2025, 2, 28), True, "BY", 9.0)
    ]  # the entity no longer segmented is gone, the scratch's extra column ignored
    assert [r[2] for r in rows] == [date(2025, 1, 31), date(2025, 2, 28), date(2025, 3, 31)]


def test_rows_of_another_or_an_open_period_are_refused_and_nothing_changes(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(warehouse)) as conn:
        conn.execute(HISTORY)
    before = _rows(warehouse)
    scratch = _scratch(tmp_path / "scratch.duckdb", "2025-03-31", closed=False)

    with pytest.raises(hb.BackfillError, match="not of closed period 2025-03-31"):
        hb.write_period(warehouse, scratch, date(2025, 3, 31))
    assert _rows(warehouse) == before


def test_scratch_copies_of_dead_backfills_are_removed_and_live_ones_kept(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (tmp_path / f"{hb.SCRATCH_PREFIX}{dead.pid}").mkdir()
    (tmp_path / f"{hb.SCRATCH_PREFIX}{os.getpid()}").mkdir()

    assert hb.remove_stale_scratch(tmp_path) == [tmp_path / f"{hb.SCRATCH_PREFIX}{dead.pid}"]
    assert (tmp_path / f"{hb.SCRATCH_PREFIX}{os.getpid()}").is_dir()


def test_a_warehouse_without_landed_data_or_history_cannot_be_backfilled(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    duckdb.connect(str(warehouse)).close()
    with pytest.raises(hb.BackfillError, match="no landed extracts"):
        hb.plan(warehouse)
    with duckdb.connect(str(warehouse)) as conn:
        conn.execute("create schema raw")
        conn.execute("create table raw._file_ledger as select date '2025-01-01' as extract_date")
    with pytest.raises(hb.BackfillError, match="run `chainseg run` first"):
        hb.plan(warehouse)
    with duckdb.connect(str(warehouse)) as conn:
        conn.execute(HISTORY)
    with pytest.raises(hb.BackfillError, match="no month end between 2025-01-01 and 2025-01-01"):
        hb.plan(warehouse)
