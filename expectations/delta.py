"""Quality suites on the delta (issue 15): which rows a suite validates, and its watermark.

A daily run validates, on a dataset that is an incremental dbt model stored as a table carrying
``_extract_date`` (incremental staging models, facts), only the rows not yet validated: rows of
an extract dated after the extract date the suite last passed through, rows loaded after the
newest ``_loaded_at`` it saw then (a late file for an old date, a late version of an old
record), and rows without an extract date. Views, tables without ``_extract_date`` and models
built as plain tables are validated whole, as before: every run rebuilds a plain table, so
none of its rows has been validated yet.

Only the expectations that judge each row alone read the delta (GX's column-map expectations,
and the query expectations of the plain ``select * from {batch} where <condition>`` shape or
``references`` to another table); every other one (uniqueness, aggregates, queries over other
tables or over the batch twice) validates the whole table, as before. A row-level expectation
with ``mostly`` is therefore judged within the delta's rows: a day's share of orphans, not the
history's.

The watermark of each suite (scope ``gx:<suite>``) lives in ``quality.validated_through``, the
table the dbt data tests keep theirs in: dbt creates it (on-run-start hook
``create_quality_watermarks``, ``dbt_project/macros/quality_delta.sql``), this module only
reads and writes its rows. It becomes the table's newest ``_extract_date`` and ``_loaded_at`` as
read just before validation, and is recorded only when the suite's check did not fail (no
error-severity failure): a failed suite validates the same rows again on the next run.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb

from settings.dbt import MANIFEST, dbt_table_exists
from settings.duckdb_config import configure

WATERMARKS = "quality.validated_through"
SCOPE_PREFIX = "gx:"

#: GX expectations whose verdict on a row depends on that row alone.
ROW_LEVEL_TYPES = frozenset(
    {
        "expect_column_values_to_not_be_null",
        "expect_column_values_to_be_null",
        "expect_column_values_to_be_in_set",
        "expect_column_values_to_not_be_in_set",
        "expect_column_values_to_be_between",
        "expect_column_values_to_match_regex",
        "expect_column_values_to_not_match_regex",
        "expect_column_values_to_match_like_pattern",
        "expect_column_value_lengths_to_be_between",
        "expect_column_pair_values_a_to_be_greater_than_b",
        "expect_column_pair_values_to_be_equal",
        "expect_multicolumn_sum_to_equal",
        "expect_select_column_values_to_be_unique_within_record",
    }
)
#: ``select * from {batch} where <condition>``: the condition sees one row (no subquery).
_ROW_FILTER = re.compile(r"\s*select \* from \{batch\} where (?P<condition>.*)", re.I | re.S)
#: What ``custom.references`` builds: each batch row looked up in another table.
_REFERENCE = re.compile(
    r"\s*select child\.\* from \(select \* from \{batch\}\) as child "
    r"left join (?P<parent>\w+) as p on [^()]* where (?:(?!\{batch\}).)* and p\.\w+ is null\s*",
    re.I | re.S,
)


@dataclass(frozen=True)
class DeltaPlan:
    """What one suite validates on this run, and the watermark it records if it passes."""

    suite: str
    #: condition on the dataset's rows (unqualified columns); None: the whole table
    rows: str | None
    validated_through: date | None
    loaded_through: datetime | None

    @property
    def scope(self) -> str:
        return f"{SCOPE_PREFIX}{self.suite}"


def is_row_level(expectation: Any, dataset: str) -> bool:
    """Whether ``expectation`` judges each row of ``dataset`` alone (it may read the delta)."""
    type_ = getattr(expectation, "expectation_type", None) or getattr(expectation, "type", "")
    if type_ in ROW_LEVEL_TYPES:
        return True
    query = getattr(expectation, "unexpected_rows_query", None)
    if not query:
        return False
    row_filter = _ROW_FILTER.fullmatch(query)
    if row_filter:
        condition = row_filter["condition"].lower()
        return "{batch}" not in condition and "select" not in condition
    reference = _REFERENCE.fullmatch(query)
    # a reference to the dataset itself would read the delta as its parent
    return reference is not None and reference["parent"].lower() != dataset.lower()


def plan_deltas(
    warehouse: Path,
    tables: Mapping[str, str],
    suites: Iterable[str],
    *,
    whole_tables: bool,
    incremental: frozenset[str] | None = None,
) -> dict[str, DeltaPlan]:
    """A plan per suite whose dataset (``tables``: name → schema) is an ``incremental`` model
    (default: from dbt's manifest) stored as a table carrying ``_extract_date``: its delta
    (none when ``whole_tables``, or before its first pass) and the newest extract date and
    ``_loaded_at`` it holds now (the caller holds the writer lock)."""
    kept = incremental_models() if incremental is None else incremental
    suites = [s for s in suites if s in kept]
    if not suites:
        return {}
    conn = configure(duckdb.connect(str(warehouse), read_only=True))
    try:
        columns = _delta_columns(conn)
        watermarks = {} if whole_tables else read_watermarks(conn)
        plans = {}
        for suite in suites:
            schema = tables.get(suite)
            found = columns.get((schema, suite)) if schema else None
            if found is None:
                continue
            has_loaded_at = "_loaded_at" in found
            loaded = "max(_loaded_at)" if has_loaded_at else "cast(null as timestamp)"
            through, loaded_through = conn.execute(
                f'select max(_extract_date), {loaded} from "{schema}"."{suite}"'
            ).fetchone() or (None, None)
            previous = watermarks.get(f"{SCOPE_PREFIX}{suite}")
            rows = None if previous is None else delta_rows(*previous, has_loaded_at)
            plans[suite] = DeltaPlan(suite, rows, through, loaded_through)
        return plans
    finally:
        conn.close()


def incremental_models(manifest: Path = MANIFEST) -> frozenset[str]:
    """The models dbt builds incrementally (their rows outlive a run), from its manifest."""
    if not manifest.is_file():
        return frozenset()
    return _incremental_models(manifest, manifest.stat().st_mtime)


@functools.lru_cache(maxsize=2)
def _incremental_models(manifest: Path, mtime: float) -> frozenset[str]:
    nodes = json.loads(manifest.read_text(encoding="utf-8"))["nodes"].values()
    return frozenset(
        n["name"]
        for n in nodes
        if n["resource_type"] == "model" and n["config"].get("materialized") == "incremental"
    )


def delta_rows(
    validated_through: date, loaded_through: datetime | None, has_loaded_at: bool
) -> str:
    """The rows not validated as of a watermark (the SQL of dbt's ``quality_delta_rows``)."""
    condition = f"_extract_date is null or _extract_date > date '{validated_through.isoformat()}'"
    if has_loaded_at and loaded_through is not None:
        condition += f" or _loaded_at > timestamp '{loaded_through.isoformat(sep=' ')}'"
    return f"({condition})"


def _delta_columns(conn: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], set[str]]:
    """(schema, table) → its delta columns, for every base table carrying ``_extract_date``."""
    rows = conn.execute(
        """
        select c.table_schema, c.table_name, c.column_name
        from information_schema.columns as c
        inner join information_schema.tables as t
            on t.table_catalog = c.table_catalog and t.table_schema = c.table_schema
            and t.table_name = c.table_name
        where t.table_catalog = current_database() and t.table_type = 'BASE TABLE'
            and c.column_name in ('_extract_date', '_loaded_at')
        """
    ).fetchall()
    found: dict[tuple[str, str], set[str]] = {}
    for schema, table, column in rows:
        found.setdefault((schema, table), set()).add(column)
    return {key: names for key, names in found.items() if "_extract_date" in names}


def read_watermarks(
    conn: duckdb.DuckDBPyConnection,
) -> dict[str, tuple[date, datetime | None]]:
    """scope → (validated-through extract date, loaded-through timestamp); empty before the
    first run that recorded one."""
    if not dbt_table_exists(conn, WATERMARKS):
        return {}
    rows = conn.execute(
        f"select scope, validated_through, loaded_through from {WATERMARKS} "
        "where validated_through is not null"
    ).fetchall()
    return {scope: (through, loaded) for scope, through, loaded in rows}


def record_watermarks(warehouse: Path, plans: Sequence[DeltaPlan]) -> None:
    """Record that these suites' datasets are validated through their plans' watermarks
    (the caller holds the writer lock; GX has released the file). Into dbt's table only: in a
    warehouse no dbt run has prepared there is none, nothing is recorded, and the next run
    validates the whole tables again."""
    recorded = [p for p in plans if p.validated_through is not None]
    if not recorded:
        return
    conn = configure(duckdb.connect(str(warehouse)))
    try:
        if not dbt_table_exists(conn, WATERMARKS):
            return
        conn.execute("begin")
        scopes = [p.scope for p in recorded]
        conn.execute(f"delete from {WATERMARKS} where scope in (select unnest(?))", [scopes])
        conn.executemany(
            f"insert into {WATERMARKS} (scope, validated_through, loaded_through, recorded_at) "
            "values (?, ?, ?, current_timestamp)",
            [[p.scope, p.validated_through, p.loaded_through] for p in recorded],
        )
        conn.execute("commit")
    finally:
        conn.close()
