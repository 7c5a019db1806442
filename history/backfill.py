"""The segment history of every past period end, computed from the landed data.

For each period end P of the landed span (the grain of seed ``segment_history_parameters``;
P on or before the last extract date), dbt builds ``segment_history_current`` and what it
reads (seeds, staging, facts, the segment marts) as of P on a private scratch copy of the
warehouse, so the warehouse's own marts stay as they are; then P's rows replace period P in
``history.segment_history`` in one transaction, under the writer lock. The periods are built
by one worker process (``history.worker``) that parses the dbt project once. The as-of view makes a
period's rows a function of the landed data alone: a rerun, also after a kill at any point,
writes the same rows (a killed backfill leaves every period either as it was or fully
rewritten). docs/segment-history.md.
"""

from __future__ import annotations

import calendar
import csv
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

from settings.dbt import BUILT_INPUTS, dbt_table_exists
from settings.lock import writer_lock
from settings.paths import PROJECT_ROOT, SEEDS_DIR

#: the history table and the model holding one period's rows
HISTORY = "history.segment_history"
CURRENT = "segment_history_current"
PARAMETERS = SEEDS_DIR / "history" / "segment_history_parameters.csv"
#: the grains a period may have (the seed's accepted values)
GRAINS = ("month", "quarter")
#: what the worker prints per period recorded (history/worker.py)
PERIOD_LINE = re.compile(r"^period (\d{4}-\d{2}-\d{2}): (\d+) rows recorded \(([\d.]+) s\)$")
#: scratch folders of backfills under the data home, one per process (``<pid>``)
SCRATCH_PREFIX = "history-backfill-"


class BackfillError(Exception):
    """The backfill cannot start or a period's build failed (one line)."""


@dataclass(frozen=True)
class PeriodWritten:
    period_end: date
    rows: int
    seconds: float


def period_grain(parameters: Path = PARAMETERS) -> str:
    """The history's grain from its seed (``month`` or ``quarter``)."""
    with parameters.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    grain = rows[0]["period_grain"].strip() if rows else "month"
    if grain not in GRAINS:
        raise BackfillError(f"{parameters.name}: period_grain {grain!r} is not one of {GRAINS}")
    return grain


def period_end(day: date, grain: str) -> date:
    """The last day of the period (month or quarter) ``day`` falls in."""
    month = day.month if grain == "month" else 3 * ((day.month - 1) // 3 + 1)
    return date(day.year, month, calendar.monthrange(day.year, month)[1])


def period_ends(first: date, last: date, grain: str) -> list[date]:
    """Every period end P with ``first <= P <= last``, in order."""
    ends: list[date] = []
    day = period_end(first, grain)
    while day <= last:
        ends.append(day)
        nxt = date.fromordinal(day.toordinal() + 1)
        day = period_end(nxt, grain)
    return ends


def landed_span(conn: duckdb.DuckDBPyConnection) -> tuple[date, date]:
    """First and last extract date loaded (the ingestion ledger)."""
    try:
        [(first, last)] = conn.execute(
            "select min(extract_date), max(extract_date) from raw._file_ledger"
        ).fetchall()
    except duckdb.CatalogException:
        first = last = None
    if first is None:
        raise BackfillError("the warehouse holds no landed extracts: run `chainseg run` first")
    return first, last


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_scratch(work: Path) -> list[Path]:
    """Scratch folders of backfills whose process is gone (killed), removed."""
    removed = []
    if work.is_dir():
        for folder in work.glob(f"{SCRATCH_PREFIX}*"):
            pid = folder.name.removeprefix(SCRATCH_PREFIX)
            if pid.isdigit() and not _pid_alive(int(pid)):
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder)
    return removed


def plan(warehouse: Path, *, start: date | None = None, end: date | None = None) -> list[date]:
    """The period ends a backfill from ``start`` to ``end`` (both optional) computes."""
    grain = period_grain()
    with writer_lock(warehouse):
        conn = duckdb.connect(str(warehouse), read_only=True)
        try:
            first, last = landed_span(conn)
            if not dbt_table_exists(conn, HISTORY):
                raise BackfillError(f"{HISTORY} does not exist yet: run `chainseg run` first")
        finally:
            conn.close()
    ends = [
        p
        for p in period_ends(first, last, grain)
        if (start is None or p >= start) and (end is None or p <= end)
    ]
    if not ends:
        raise BackfillError(
            f"no {grain} end between {max(first, start or first)} and {min(last, end or last)} "
            f"(landed extracts {first} … {last})"
        )
    return ends


def _copy_warehouse(warehouse: Path, scratch: Path) -> None:
    """The warehouse file (and a write-ahead log a killed writer left), copied under the lock."""
    with writer_lock(warehouse):
        shutil.copyfile(warehouse, scratch)
        wal = warehouse.with_name(warehouse.name + ".wal")
        if wal.exists():
            shutil.copyfile(wal, scratch.with_name(scratch.name + ".wal"))


def write_period(warehouse: Path, scratch: Path, period: date) -> int:
    """Period ``period``'s rows of the scratch copy replace it in the warehouse's history, in
    one transaction (under the writer lock). Returns the rows written."""
    with writer_lock(warehouse):
        conn = duckdb.connect(str(warehouse))
        try:
            conn.execute(f"attach '{scratch}' as scratch (read_only)")
            columns = [
                name
                for (name,) in conn.execute(
                    "select column_name from information_schema.columns "
                    "where table_catalog = current_database() and table_schema = 'history' "
                    "and table_name = 'segment_history' order by ordinal_position"
                ).fetchall()
            ]
            listed = ", ".join(f'"{c}"' for c in columns)
            source = f"scratch.history.{CURRENT}"
            [(rows, wrong)] = conn.execute(
                f"select count(*), count(*) filter (where period_end <> ? or not is_period_closed) "
                f"from {source}",
                [period],
            ).fetchall()
            if wrong or not rows:
                raise BackfillError(
                    f"the build as of {period} gave {rows} rows, {wrong} not of closed period "
                    f"{period}: is the history's grain the seed's?"
                )
            conn.execute("begin transaction")
            conn.execute(f"delete from {HISTORY} where period_end = ?", [period])
            conn.execute(f"insert into {HISTORY} ({listed}) select {listed} from {source}")
            _forget_built_inputs(conn)
            conn.execute("commit")
            return int(rows)
        finally:
            conn.close()


def _forget_built_inputs(conn: duckdb.DuckDBPyConnection) -> None:
    """The models built from the history's old rows are built again by the next daily run,
    which would otherwise leave them as they are (``orchestration/unchanged.py``)."""
    if dbt_table_exists(conn, BUILT_INPUTS):
        conn.execute(f"delete from {BUILT_INPUTS}")


def backfill(
    warehouse: Path,
    periods: list[date],
    *,
    work: Path,
    say: Callable[[str], None] = print,
) -> list[PeriodWritten]:
    """Compute and record each of ``periods`` (period ends) in order; see the module."""
    work.mkdir(parents=True, exist_ok=True)
    for folder in remove_stale_scratch(work):
        say(f"removed the scratch copy of a killed backfill: {folder}")
    folder = work / f"{SCRATCH_PREFIX}{os.getpid()}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    scratch = folder / "warehouse.duckdb"
    written: list[PeriodWritten] = []
    try:
        _copy_warehouse(warehouse, scratch)
        argv = [sys.executable, "-m", "history.worker", str(warehouse), str(scratch)]
        argv += [str(folder / "dbt"), *(p.isoformat() for p in periods)]
        # the project's packages first, whatever the working directory
        path = os.pathsep.join(filter(None, [str(PROJECT_ROOT), os.environ.get("PYTHONPATH")]))
        with subprocess.Popen(
            argv,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "PYTHONPATH": path},
        ) as worker:
            assert worker.stdout is not None
            last = ""
            for line in worker.stdout:
                last = line.strip() or last
                found = PERIOD_LINE.match(last)
                if found:
                    written.append(
                        PeriodWritten(date.fromisoformat(found[1]), int(found[2]), float(found[3]))
                    )
                    say(last)
        if worker.returncode != 0:
            raise BackfillError(last or f"the backfill worker exited with {worker.returncode}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return written
