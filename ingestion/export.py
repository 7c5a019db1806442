"""Export the raw layer of a DuckDB warehouse as Parquet that Spark reads exactly.

Layout: ``<out>/<raw table>/_extract_date=<YYYY-MM-DD>/*.parquet`` for every entity table
(partitioned by entity and extract date) and ``<out>/file_ledger/*.parquet`` (likewise
``quarantine``, ``file_rejections``) for the bookkeeping tables: Spark ignores paths whose
name starts with ``_``, so folders drop the leading underscores of the table names. The dbt
``spark`` target reads its sources from here (macro ``create_spark_sources``).

Types are chosen so that nothing changes on the way: DECIMAL, DATE and VARCHAR cross as
they are; plain ``TIMESTAMP`` columns (UTC or local wall clock) are written as UTC
``TIMESTAMPTZ`` so that Spark reads them as its ``timestamp`` with the same wall clock under
a UTC session, rather than as ``timestamp_ntz``. Types Spark cannot read exactly (HUGEINT,
TIME, UUID, INTERVAL, nanosecond timestamps) are refused with an error naming the column.

Usage: ``python -m ingestion.export <warehouse.duckdb> <out dir>``.
"""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ingestion.entities import ENTITIES
from ingestion.schema import LEDGER, QUARANTINE, REJECTIONS, SCHEMA

#: The partition column of every entity table (a load metadata column of the contract).
PARTITION_COLUMN = "_extract_date"

#: DuckDB types whose Parquet form Spark reads differently or not at all.
_REFUSED_TYPES = frozenset(
    {"HUGEINT", "UHUGEINT", "TIME", "TIME WITH TIME ZONE", "UUID", "INTERVAL", "TIMESTAMP_NS"}
)


class ExportError(Exception):
    """The raw layer cannot be exported as Spark-readable Parquet."""


@dataclass(frozen=True)
class ExportedTable:
    """One raw table written as Parquet: its folder and row count."""

    table: str
    path: Path
    rows: int


def folder_name(table: str) -> str:
    """The Parquet folder of a raw table (``_file_ledger`` -> ``file_ledger``)."""
    return table.lstrip("_")


def _columns(conn: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str]]:
    """(name, DuckDB type) of a raw table, in table order."""
    return conn.execute(
        "select column_name, data_type from information_schema.columns"
        " where table_schema = ? and table_name = ? order by ordinal_position",
        [SCHEMA, table],
    ).fetchall()


def _select_list(table: str, columns: list[tuple[str, str]]) -> str:
    """Columns as Spark should read them; refuses types that do not cross exactly."""
    items = []
    for name, data_type in columns:
        if data_type.upper() in _REFUSED_TYPES:
            raise ExportError(f"{SCHEMA}.{table}.{name}: type {data_type} does not cross to Spark")
        if data_type.upper() == "TIMESTAMP":
            items.append(f'cast("{name}" as timestamptz) as "{name}"')
        else:
            items.append(f'"{name}"')
    return ", ".join(items)


def _copy(conn: duckdb.DuckDBPyConnection, table: str, target: Path, partitioned: bool) -> int:
    """Write one raw table to ``target`` (replaced); returns its row count."""
    columns = _columns(conn, table)
    if not columns:
        raise ExportError(f"{SCHEMA}.{table}: no such table in the warehouse")
    (rows,) = conn.execute(f'select count(*) from {SCHEMA}."{table}"').fetchall()[0]
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    query = f'select {_select_list(table, columns)} from {SCHEMA}."{table}"'
    if partitioned and rows:
        # The partition column stays in the files too, so Spark keeps it at its position.
        options = f"format parquet, partition_by ({PARTITION_COLUMN}), write_partition_columns true"
        conn.execute(f"copy ({query}) to '{target}' ({options})")
    else:
        # An empty table still gets one (empty) file so that its schema is readable.
        conn.execute(f"copy ({query}) to '{target / 'part-0.parquet'}' (format parquet)")
    return rows


def export_raw(warehouse: Path, out: Path) -> list[ExportedTable]:
    """Export every raw entity table and the bookkeeping tables of ``warehouse`` to ``out``."""
    if not warehouse.exists():
        raise ExportError(f"warehouse not found: {warehouse}")
    conn = duckdb.connect(str(warehouse), read_only=True)
    try:
        # Plain timestamps hold UTC or local wall clock: cast to timestamptz as if UTC.
        conn.execute("set TimeZone = 'UTC'")
        tables = [(e.raw_table, True) for e in ENTITIES]
        tables += [
            (name.removeprefix(f"{SCHEMA}."), False) for name in (LEDGER, QUARANTINE, REJECTIONS)
        ]
        return [
            ExportedTable(
                table,
                out / folder_name(table),
                _copy(conn, table, out / folder_name(table), partitioned),
            )
            for table, partitioned in tables
        ]
    finally:
        conn.close()


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m ingestion.export <warehouse> <out>``."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python -m ingestion.export <warehouse.duckdb> <out dir>", file=sys.stderr)
        return 2
    try:
        exported = export_raw(Path(args[0]).resolve(), Path(args[1]).resolve())
    except (ExportError, duckdb.Error) as exc:
        print(f"export failed: {exc}", file=sys.stderr)
        return 1
    total = sum(t.rows for t in exported)
    print(f"exported {len(exported)} raw tables, {total} rows, to {args[1]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
