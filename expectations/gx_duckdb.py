"""Great Expectations over a DuckDB warehouse file: one ephemeral GX context, validated in-database.

GX's SQL datasource talks to DuckDB through ``duckdb-engine``. Two facts of this pinned stack
(GX 1.24.1, SQLAlchemy 2.x, DuckDB 2.0) shape this module:

- GX fetches some results after the connection that produced them was returned to the pool;
  DuckDB's rollback on return discards them, so every expectation would "fail" with an
  IndexError. GX keeps one persisted connection for the dialects it lists in the private
  ``_PERSISTED_CONNECTION_DIALECTS``; registering ``duckdb`` there gives correct counts. That
  is private API, which is why ``great-expectations`` is pinned exactly.
- ``duckdb-engine``'s column reflection queries a ``pg_catalog`` table DuckDB 2.0 lacks, so GX
  falls back to ``select * from <table>`` *without* the schema. The persisted connection's
  ``search_path`` therefore lists every warehouse schema (dbt model names are unique across
  schemas, so this is unambiguous), after the snapshot catalog.

The warehouse is opened read-only with DuckDB's memory limit set (big validations spill rather
than grow), and every engine GX created is disposed on exit: an open DuckDB handle would keep
the file locked against the next writer.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from great_expectations.execution_engine import sqlalchemy_execution_engine as _sa_engine

from settings import duckdb_config

#: The in-memory catalog holding snapshots of views while their suite runs (``runner``).
SNAPSHOTS = "chainseg_snapshots"


class _DuckDBDialect(str):
    """A dialect name GX can test with ``.value`` (as it does for its enum members)."""

    @property
    def value(self) -> str:
        return str(self)


def _register_duckdb_as_persisted_connection_dialect() -> None:
    listed = _sa_engine._PERSISTED_CONNECTION_DIALECTS
    if not any(getattr(d, "value", d) == "duckdb" for d in listed):
        _sa_engine._PERSISTED_CONNECTION_DIALECTS = (*listed, _DuckDBDialect("duckdb"))  # type: ignore[assignment]


_register_duckdb_as_persisted_connection_dialect()


@contextlib.contextmanager
def warehouse_datasource(warehouse: Path, schemas: Sequence[str]) -> Iterator[Any]:
    """Yield a GX SQL datasource on ``warehouse`` (read-only); release every handle on exit."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    # No tqdm bars on stderr: the gate prints its own one-line results.
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    # GX serialises an ephemeral context's whole configuration to YAML, into a store nothing
    # reads back, at every asset added or removed: three times a suite, 0.4-0.5 s a layer
    context._save_project_config = lambda: None  # type: ignore[method-assign]
    # add_sql takes engine kwargs at run time; its type stub does not list them
    datasource = context.data_sources.add_sql(  # type: ignore[call-arg]
        name="warehouse",
        connection_string=f"duckdb:///{warehouse}",
        kwargs={"connect_args": {"read_only": True}},
    )
    try:
        # Snapshots of views go to an in-memory catalog of the same DuckDB instance: writable
        # although the warehouse is read-only, and visible to every connection GX opens.
        execute(datasource, f"ATTACH IF NOT EXISTS ':memory:' AS {SNAPSHOTS} (READ_ONLY false)")
        search_path = ",".join([f"{SNAPSHOTS}.main", *schemas])
        execute(datasource, f"SET search_path = '{search_path}'")
        for statement in duckdb_config.statements():
            execute(datasource, statement)
        yield datasource
    finally:
        _release(datasource)
        context.data_sources.delete("warehouse")


def execute(datasource: Any, sql: str) -> None:
    """Run and commit a statement on the persisted connection GX validates on.

    Committed, so that no later rollback on the connection can undo it.
    """
    with datasource.get_execution_engine().get_connection() as connection:
        connection.exec_driver_sql(sql)
        connection.commit()


def _release(datasource: Any) -> None:
    """Close the persisted connection and dispose both engines GX made for ``datasource``."""
    execution_engine = datasource._execution_engine
    if execution_engine is not None:
        if execution_engine._connection is not None:
            execution_engine._connection.close()
            execution_engine._connection = None
        execution_engine.engine.dispose()
    if datasource._engine is not None:
        datasource._engine.dispose()
