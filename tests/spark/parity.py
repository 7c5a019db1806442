"""Engine parity: the same dbt project built on DuckDB and on Spark must publish the same marts.

One run: generate a small dataset, ingest it into a DuckDB warehouse, ``dbt build`` on the
``duckdb`` target, export the raw layer as Parquet (``ingestion.export``), ``dbt build`` on
the ``spark`` target over that Parquet (one build, so the JVM starts once), then compare
every mart row by row: the symmetric difference of the two row sets must be empty, with
money columns compared to the cent and other floating-point columns to 1e-6 (summation order
differs between engines, so two equal values may round to neighbouring steps: allowed).
Spark's tables are Parquet under its warehouse folder, so the comparison reads both sides
with DuckDB and needs no second JVM.

Usage: ``python -m tests.spark.parity [--work DIR] [--scale S] [--days N] [--seed N]``;
exit 0 when every mart matches, 1 with one line per differing mart otherwise.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from settings.dbt import dbt_command, dbt_environment

#: Decimal places compared: money to the cent, every other floating-point value to 1e-6.
#: Rows left over by the rounded comparison are paired on their unrounded values (money less
#: than half a cent apart, others less than 1e-6): two values a hair apart can round to
#: neighbouring steps (100.0049999 -> 100.00, 100.0050001 -> 100.01).
MONEY_DECIMALS = 2
OTHER_DECIMALS = 6
#: Name parts that mark a money column (``net_value_rc``, ``freight_cost``, ``spend``...).
_MONEY_HINTS = ("_rc", "amount", "value", "cost", "spend", "price", "margin", "revenue")
_FLOAT_TYPES = ("DOUBLE", "FLOAT", "REAL", "DECIMAL")
#: Rows of a differing mart shown in the report.
_SHOWN_ROWS = 5


class ParityError(Exception):
    """A step of the parity run failed (named in the message)."""


@dataclass(frozen=True)
class MartDiff:
    """One mart compared: row counts of both engines and rows only one engine has."""

    mart: str
    duckdb_rows: int
    spark_rows: int
    only_duckdb: list[tuple]
    only_spark: list[tuple]
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None and not self.only_duckdb and not self.only_spark

    def line(self) -> str:
        if self.problem:
            return f"{self.mart}: {self.problem}"
        state = "ok" if self.ok else "DIFFERS"
        return (
            f"{self.mart}: {state} (duckdb {self.duckdb_rows} rows, spark {self.spark_rows} rows,"
            f" {len(self.only_duckdb)} only in duckdb, {len(self.only_spark)} only in spark)"
        )


def is_money(column: str) -> bool:
    """Is this column an amount of money (compared to the cent)?"""
    name = column.lower()
    return any(hint in name for hint in _MONEY_HINTS)


def normalised_expr(column: str, data_type: str) -> str:
    """SQL that puts one column of either engine into a comparable form."""
    quoted = f'"{column}"'
    upper = data_type.upper()
    if upper.startswith(_FLOAT_TYPES):
        places = MONEY_DECIMALS if is_money(column) else OTHER_DECIMALS
        # + 0.0 turns -0.0 into 0.0, which a set comparison would otherwise tell apart.
        return f"round(cast({quoted} as double), {places}) + 0.0 as {quoted}"
    if upper.startswith("TIMESTAMP"):
        # Spark writes instants; DuckDB plain timestamps hold UTC wall clock (session is UTC).
        return f"cast({quoted} as timestamp) as {quoted}"
    if upper in ("INTEGER", "BIGINT", "SMALLINT", "TINYINT", "HUGEINT"):
        return f"cast({quoted} as bigint) as {quoted}"
    return quoted


def _columns(conn: duckdb.DuckDBPyConnection, relation: str) -> list[tuple[str, str]]:
    return [(row[0], row[1]) for row in conn.execute(f"describe {relation}").fetchall()]


def compare_relations(
    conn: duckdb.DuckDBPyConnection, mart: str, left: str, right: str
) -> MartDiff:
    """Compare two relations readable by ``conn`` (DuckDB side ``left``, Spark side ``right``)."""
    left_columns, right_columns = _columns(conn, left), _columns(conn, right)
    left_names = [name.lower() for name, _ in left_columns]
    right_names = [name.lower() for name, _ in right_columns]
    counts = [conn.execute(f"select count(*) from {rel}").fetchone()[0] for rel in (left, right)]
    if left_names != right_names:
        return MartDiff(mart, *counts, [], [], f"columns differ: {left_names} vs {right_names}")
    left_select = ", ".join(normalised_expr(n, t) for n, t in left_columns)
    right_select = ", ".join(
        normalised_expr(n, lt) for (n, _), (_, lt) in zip(right_columns, left_columns, strict=True)
    )
    left_sql = f"select {left_select} from {left}"
    right_sql = f"select {right_select} from {right}"
    # except all: duplicates count, so a row twice on one side and once on the other differs.
    only_left = conn.execute(f"({left_sql}) except all ({right_sql})").fetchall()
    only_right = conn.execute(f"({right_sql}) except all ({left_sql})").fetchall()
    if only_left or only_right:
        # Rounding put two nearly equal values on neighbouring steps, or a real difference:
        # pair the unrounded rows of both sides within tolerance to tell which.
        tolerances = [_tolerance(name, data_type) for name, data_type in left_columns]
        unrounded = [
            conn.execute(f"select {select} from {rel}").fetchall()
            for select, rel in (
                (_unrounded(left_columns), left),
                (_unrounded(left_columns, right_columns), right),
            )
        ]
        only_left, only_right = _unpaired(*unrounded, tolerances)
    return MartDiff(mart, counts[0], counts[1], only_left, only_right)


def _unrounded(columns: list[tuple[str, str]], actual: list[tuple[str, str]] | None = None) -> str:
    """Select list like ``normalised_expr`` but with floating-point values unrounded."""
    names = [name for name, _ in (actual or columns)]
    items = []
    for name, (_, data_type) in zip(names, columns, strict=True):
        if data_type.upper().startswith(_FLOAT_TYPES):
            items.append(f'cast("{name}" as double) + 0.0 as "{name}"')
        else:
            items.append(normalised_expr(name, data_type))
    return ", ".join(items)


def _tolerance(column: str, data_type: str) -> float | None:
    """Largest difference of two unrounded values that still counts as equal; None = exact."""
    if not data_type.upper().startswith(_FLOAT_TYPES):
        return None
    # Money: less than half a cent apart (equal to the cent); others: 1e-6.
    return 0.5 * 10.0**-MONEY_DECIMALS if is_money(column) else 10.0**-OTHER_DECIMALS


def _close(left: tuple, right: tuple, tolerances: list[float | None]) -> bool:
    for a, b, tolerance in zip(left, right, tolerances, strict=True):
        if tolerance is None or a is None or b is None:
            if a != b:
                return False
        elif abs(a - b) >= tolerance:
            return False
    return True


def _unpaired(
    left: list[tuple], right: list[tuple], tolerances: list[float | None]
) -> tuple[list[tuple], list[tuple]]:
    """Pair rows with equal exact columns whose floating-point columns are within tolerance
    (unrounded values: two values a hair apart may round to neighbouring steps); returns
    the rows of each side left without a partner."""
    exact = [i for i, tolerance in enumerate(tolerances) if tolerance is None]
    by_key: dict[tuple, list[tuple]] = {}
    for row in right:
        by_key.setdefault(tuple(row[i] for i in exact), []).append(row)
    unpaired_left = []
    for row in left:
        candidates = by_key.get(tuple(row[i] for i in exact), [])
        match = next((other for other in candidates if _close(row, other, tolerances)), None)
        if match is None:
            unpaired_left.append(row)
        else:
            candidates.remove(match)
    return unpaired_left, [row for rows in by_key.values() for row in rows]


def spark_table_path(spark_warehouse: Path, schema: str, table: str) -> Path:
    """Where a managed Spark table of the in-memory catalog keeps its Parquet files."""
    return spark_warehouse / f"{schema}.db" / table


def compare_marts(warehouse: Path, spark_warehouse: Path) -> list[MartDiff]:
    """Compare every table of schema ``marts`` in ``warehouse`` with Spark's copy."""
    conn = duckdb.connect(str(warehouse), read_only=True)
    try:
        conn.execute("set TimeZone = 'UTC'")
        marts = [
            row[0]
            for row in conn.execute(
                "select table_name from information_schema.tables"
                " where table_schema = 'marts' order by table_name"
            ).fetchall()
        ]
        if not marts:
            raise ParityError(f"no marts in {warehouse}")
        diffs = []
        for mart in marts:
            path = spark_table_path(spark_warehouse, "marts", mart)
            if not path.is_dir():
                diffs.append(MartDiff(mart, 0, 0, [], [], f"no Spark table at {path}"))
                continue
            spark_view = f'"spark_{mart}"'
            conn.execute(
                f"create or replace temp view {spark_view} as"
                f" select * from read_parquet('{path}/**/*.parquet')"
            )
            diffs.append(compare_relations(conn, mart, f"marts.{mart}", spark_view))
        return diffs
    finally:
        conn.close()


def _dbt(target: str, settings: dict[str, str], work: Path, *args: str) -> float:
    """Run ``dbt <args>`` on a target with private target/log folders; returns seconds."""
    log = work / f"dbt_{target}.log"
    env = dbt_environment(
        work / f"dbt_target_{target}",
        work / f"dbt_logs_{target}",
        CHAINSEG_DBT_TARGET=target,
        **settings,
    )
    started = time.monotonic()
    with log.open("w", encoding="utf-8") as out:
        proc = subprocess.run(
            dbt_command(*args), env=env, stdout=out, stderr=subprocess.STDOUT, text=True
        )
    elapsed = time.monotonic() - started
    if proc.returncode != 0:
        raise ParityError(
            f"dbt {' '.join(args)} on {target} failed: {_failures(work, target) or log}"
        )
    return elapsed


def _failures(work: Path, target: str) -> list[str]:
    """Nodes that did not pass in a target's last ``run_results.json``."""
    results = work / f"dbt_target_{target}" / "run_results.json"
    if not results.exists():
        return []
    data = json.loads(results.read_text(encoding="utf-8"))
    bad = [r for r in data.get("results", []) if r["status"] not in ("pass", "success")]
    return [f"{r['unique_id']}: {r['status']}" for r in bad]


def prepare(work: Path, scale: float, days: int, seed: int) -> Path:
    """Generate and ingest the dataset into ``work/warehouse.duckdb``; returns its path."""
    from generator import generate
    from ingestion import ensure_raw_schema, load_landing

    landing, warehouse = work / "landing", work / "warehouse.duckdb"
    generate(landing, scale=scale, days=days, seed=seed)
    conn = duckdb.connect(str(warehouse))
    try:
        ensure_raw_schema(conn)
        load_landing(conn, landing)
    finally:
        conn.close()
    return warehouse


def run(work: Path, scale: float, days: int, seed: int) -> tuple[list[MartDiff], dict[str, float]]:
    """The whole parity run in a fresh ``work`` folder; returns the diffs and step timings."""
    from ingestion.export import export_raw

    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    timings: dict[str, float] = {}
    started = time.monotonic()
    warehouse = prepare(work, scale, days, seed)
    timings["generate+ingest"] = time.monotonic() - started
    settings = {
        "CHAINSEG_WAREHOUSE": str(warehouse),
        "CHAINSEG_RAW_PARQUET": str(work / "raw_parquet"),
        "CHAINSEG_SPARK_WAREHOUSE": str(work / "spark_warehouse"),
        "CHAINSEG_SPARK_CATALOG": "in-memory",
    }
    timings["dbt build duckdb"] = _dbt("duckdb", settings, work, "build")
    started = time.monotonic()
    export_raw(warehouse, work / "raw_parquet")
    timings["export parquet"] = time.monotonic() - started
    timings["dbt build spark"] = _dbt("spark", settings, work, "build")
    started = time.monotonic()
    diffs = compare_marts(warehouse, work / "spark_warehouse")
    timings["compare"] = time.monotonic() - started
    return diffs, timings


def report(diffs: list[MartDiff], timings: dict[str, float]) -> str:
    """Human-readable result: one line per mart, sample differing rows, timings."""
    lines = [d.line() for d in diffs]
    for diff in diffs:
        for label, rows in (("duckdb", diff.only_duckdb), ("spark", diff.only_spark)):
            lines += [f"  {diff.mart} only in {label}: {row}" for row in rows[:_SHOWN_ROWS]]
    lines.append("timings: " + ", ".join(f"{k} {v:.0f}s" for k, v in timings.items()))
    matched = sum(d.ok for d in diffs)
    lines.append(f"parity: {matched} of {len(diffs)} marts identical")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.spark.parity", description=__doc__)
    parser.add_argument("--work", type=Path, default=Path("/tmp/chainseg-parity"))
    parser.add_argument("--scale", type=float, default=0.01)
    parser.add_argument("--days", type=int, default=120)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)
    total = time.monotonic()
    try:
        diffs, timings = run(args.work.resolve(), args.scale, args.days, args.seed)
    except (ParityError, duckdb.Error) as exc:
        print(f"parity run failed: {exc}", file=sys.stderr)
        return 1
    timings["total"] = time.monotonic() - total
    print(report(diffs, timings))
    return 0 if all(d.ok for d in diffs) else 1


if __name__ == "__main__":
    raise SystemExit(main())
