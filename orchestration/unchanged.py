"""The dbt models and seeds a daily run can leave as they are (issue 15: the daily run's floor).

A node whose code and raw inputs are those of its last build, and whose tests all passed then,
holds what a rebuild would write: the daily transform run leaves it and its tests out. On an
ordinary day no master data lands, so the masters' staging, their dimensions, the seeds and
their tests (about a third of the core step) are left as they are; a master delivery rebuilds
what reads that master.

A node's fingerprint is
- the project's code: every file of the dbt project and of the seeds (any change rebuilds
  every node once), and
- for each raw table it reads through any of its ancestors, the ledger's record of that
  table's files (their number, rows and newest load); the ingestion bookkeeping tables (ledger,
  quarantine, rejections) change with any load. Raw tables change only by loads the ledger
  records (``ingestion``).
A view holds no rows: queried, it reads today's inputs whatever they were when it was created.
So a view no test reads is rebuilt only when the code changes (a node left out is left out with
its tests, and tests must read the new rows). A model whose SQL reads the clock has no
fingerprint, nor has a model or seed a Great Expectations suite validates: they are built every
run. Such a suite runs in a later step of the run, after the dbt step recorded, and some read
other tables than their own (the data-ownership suite compares every system's records), so its
dataset is never left out and the suite always runs. (Running the suite on a dataset left out
does not work: its blocking check would hold back what the same dbt step builds from the
dataset, a cycle Dagster breaks by splitting the dbt steps.)

The fingerprints live in ``BUILT_INPUTS``, in the warehouse they describe (a copied or
restored warehouse carries its own). A plain transform step (no as-of date) records a node's
fingerprint, taken under the writer lock before dbt starts, once dbt built it and every test on
it passed. Whatever else builds a node forgets its row first: every dbt invocation, through
the on-run-start hook ``forget_built_inputs`` (``dbt_project/macros/built_inputs.sql``: a what-if
build, a run as of a date, a bare ``dbt`` call), and the history backfill, which writes
``history.segment_history`` itself and forgets every row. A node is left out only while its
relation exists.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import duckdb

from expectations.registry import suite_specs
from settings.dbt import BUILT_INPUTS, dbt_table_exists, project_files
from settings.duckdb_config import configure

#: raw tables every load changes, whatever entity it loads
BOOKKEEPING_SOURCES = frozenset({"_file_ledger", "_quarantine", "_file_rejections"})
#: SQL that makes a model's rows depend on when it runs, not only on its inputs
CLOCK_WORDS = ("current_date", "current_timestamp", "now()", "today()")

_LEDGER_STATES = """
select replace(entity, '/', '__'), count(*), sum(rows_read), max(loaded_at)
from raw._file_ledger group by 1
union all
select '_file_rejections', count(*), 0, max(rejected_at) from raw._file_rejections
order by 1
"""


def code_fingerprint() -> str:
    """A hash of every file of the dbt project and the seeds (paths and contents)."""
    digest = hashlib.sha256()
    for path in sorted(project_files()):
        digest.update(str(path).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _raw_states(conn: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """raw table → its files' state; the bookkeeping tables → the state of every load."""
    states = {
        table: f"{files}:{rows}:{newest}"
        for table, files, rows, newest in conn.execute(_LEDGER_STATES).fetchall()
    }
    everything = json.dumps(sorted(states.items()))
    return {**states, **dict.fromkeys(BOOKKEEPING_SOURCES, everything)}


def fingerprints(
    conn: duckdb.DuckDBPyConnection,
    manifest: Mapping[str, Any],
    code: str,
    validated: frozenset[str] | None = None,
) -> dict[str, str]:
    """unique_id → fingerprint of every model and seed, but those reading the clock and those
    named in ``validated`` (default: the datasets of the Great Expectations suites)."""
    nodes, sources, parents = manifest["nodes"], manifest["sources"], manifest["parent_map"]
    raw = _raw_states(conn)
    tested = {  # what some test reads
        parent
        for unique_id, node in nodes.items()
        if node["resource_type"] == "test"
        for parent in parents.get(unique_id, [])
    }
    if validated is None:
        validated = frozenset(spec.name for spec in suite_specs())

    @cache
    def raw_inputs(unique_id: str) -> frozenset[str] | None:
        """The raw tables a node reads, through any ancestor; None if it reads the clock."""
        if unique_id in sources:
            return frozenset({sources[unique_id]["identifier"]})
        node = nodes[unique_id]
        if any(word in node.get("raw_code", "").lower() for word in CLOCK_WORDS):
            return None
        found: set[str] = set()
        for parent in parents.get(unique_id, []):
            inputs = raw_inputs(parent)
            if inputs is None:
                return None
            found |= inputs
        return frozenset(found)

    result = {}
    for unique_id, node in nodes.items():
        if node["resource_type"] not in ("model", "seed") or node["name"] in validated:
            continue
        inputs = raw_inputs(unique_id)
        if inputs is None:
            continue
        if node.get("config", {}).get("materialized") == "view" and unique_id not in tested:
            inputs = frozenset()  # its rows are its inputs' of the moment it is read
        state = json.dumps([code, sorted((t, raw.get(t, "")) for t in inputs)])
        result[unique_id] = hashlib.sha256(state.encode()).hexdigest()
    return result


def _relations(conn: duckdb.DuckDBPyConnection) -> set[tuple[str, str]]:
    return set(
        conn.execute(
            "select schema_name, table_name from duckdb_tables() "
            "where database_name = current_database() union all "
            "select schema_name, view_name from duckdb_views() "
            "where database_name = current_database() and not internal"
        ).fetchall()
    )


def _relation(node: Mapping[str, Any]) -> tuple[str, str]:
    return node["schema"], node.get("alias") or node["name"]


def current(warehouse: Path, manifest: Mapping[str, Any]) -> dict[str, str]:
    """Today's fingerprints (empty when the warehouse or its raw layer cannot be read yet)."""
    return _read(warehouse, lambda conn: fingerprints(conn, manifest, code_fingerprint()), {})


def left_out(warehouse: Path, manifest: Mapping[str, Any]) -> set[str]:
    """The models and seeds whose recorded fingerprint is today's and whose relation exists."""

    def unchanged(conn: duckdb.DuckDBPyConnection) -> set[str]:
        if not dbt_table_exists(conn, BUILT_INPUTS):
            return set()
        recorded = dict(
            conn.execute(f"select unique_id, fingerprint from {BUILT_INPUTS}").fetchall()
        )
        if not recorded:
            return set()
        today = fingerprints(conn, manifest, code_fingerprint())
        relations = _relations(conn)
        return {
            unique_id
            for unique_id, fingerprint in today.items()
            if recorded.get(unique_id) == fingerprint
            and _relation(manifest["nodes"][unique_id]) in relations
        }

    return _read(warehouse, unchanged, set())


def _read(warehouse: Path, query, empty):
    """``query`` over a read-only connection; ``empty`` when the warehouse cannot be read."""
    if not warehouse.exists():
        return empty
    try:
        conn = configure(duckdb.connect(str(warehouse), read_only=True))
    except duckdb.Error:
        return empty
    try:
        return query(conn)
    except duckdb.CatalogException:  # no raw layer yet: nothing loaded
        return empty
    finally:
        conn.close()


def built_and_passed(manifest: Mapping[str, Any], statuses: Mapping[str, str]) -> set[str]:
    """The models and seeds of ``statuses`` (unique_id → dbt status, from one invocation's
    events) that dbt built and whose every own test (a generic test defined on it) passed."""
    own_tests: dict[str, list[str]] = {}
    for unique_id, node in manifest["nodes"].items():
        if node["resource_type"] == "test" and node.get("attached_node"):
            own_tests.setdefault(node["attached_node"], []).append(unique_id)
    return {
        unique_id
        for unique_id, status in statuses.items()
        if status == "success"
        and all(statuses.get(test) == "pass" for test in own_tests.get(unique_id, []))
    }


def record(warehouse: Path, fingerprints_before: Mapping[str, str], built: Iterable[str]) -> int:
    """Record the fingerprints taken before dbt started for the nodes it built and passed
    (the caller holds the writer lock and dbt has exited). Returns how many were recorded."""
    rows = [[u, fingerprints_before[u]] for u in sorted(built) if u in fingerprints_before]
    if not rows:
        return 0
    conn = configure(duckdb.connect(str(warehouse)))
    try:
        if not dbt_table_exists(conn, BUILT_INPUTS):
            return 0
        conn.execute("begin")
        conn.execute(
            f"delete from {BUILT_INPUTS} where unique_id in (select unnest(?))",
            [[u for u, _ in rows]],
        )
        conn.executemany(f"insert into {BUILT_INPUTS} values (?, ?, current_timestamp)", rows)
        conn.execute("commit")
    finally:
        conn.close()
    return len(rows)
