"""Run quality suites against the warehouse file and turn GX results into plain outcomes.

Every validation runs inside DuckDB (GX's SQL execution engine compiles each metric to a
query); only counts and a few sample rows come back to Python. The rules that make the gate
trustworthy live here:

- an expectation whose evaluation raised (a missing column, a bad query) is a *failure* that
  carries the exception, never a pass and never skipped;
- a suite whose table is missing, or whose factory raised, fails every one of its
  expectations (or one synthetic expectation when the factory could not even be built);
- ``error`` severity (GX ``critical``) failures block; ``warning`` failures are reported.

GX is imported only when suites actually run.
"""

from __future__ import annotations

import contextlib
import time
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import duckdb

from settings.duckdb_config import configure

if TYPE_CHECKING:
    from expectations.delta import DeltaPlan

#: Schemas the search path lists first: dbt's layers, seeds, then the raw layer.
PREFERRED_SCHEMAS = (
    "staging",
    "intermediate",
    "core",
    "segmentation",
    "marts",
    "seeds",
    "main",
    "raw",
)
#: How long a validation waits for a writer to release the warehouse file.
LOCK_WAIT_SECONDS = 600.0
SAMPLE_ROWS = 5


class Suite(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def asset_key(self) -> tuple[str, ...]: ...

    def build(self) -> Any: ...


@dataclass(frozen=True)
class ExpectationOutcome:
    """The result of one expectation, in the terms reports and the gate use."""

    suite: str
    name: str
    expectation_type: str
    severity: str  # "error" or "warning"
    success: bool
    unexpected_count: int | None = None
    element_count: int | None = None
    sample: tuple[dict[str, Any], ...] = ()
    exception: str | None = None

    @property
    def blocks(self) -> bool:
        return not self.success and self.severity == "error"


@dataclass
class SuiteOutcome:
    suite: str
    asset_key: tuple[str, ...]
    table: str | None
    outcomes: list[ExpectationOutcome] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def failed(self) -> list[ExpectationOutcome]:
        return [o for o in self.outcomes if not o.success]

    @property
    def blocking_failures(self) -> list[ExpectationOutcome]:
        return [o for o in self.outcomes if o.blocks]

    @property
    def success(self) -> bool:
        return not self.failed


class WarehouseUnavailable(RuntimeError):
    """The warehouse file is missing or stayed locked by a writer too long."""


def run_suites(
    warehouse: Path,
    suites: Sequence[Suite] | None = None,
    on_suite: Callable[[SuiteOutcome], None] | None = None,
    deltas: Mapping[str, DeltaPlan] | None = None,
) -> list[SuiteOutcome]:
    """Validate each suite (default: every suite in ``expectations/suites``) on ``warehouse``;
    ``on_suite`` hears of each suite as soon as it has run (progress). A suite with a plan in
    ``deltas`` that names rows validates its row-level expectations on those rows only
    (``expectations.delta``); every other suite and expectation reads the whole table."""
    from expectations.registry import suite_specs

    selected: Sequence[Suite] = suite_specs() if suites is None else suites
    catalog = read_catalog(warehouse)
    schemas = _search_path(catalog.tables.values())

    from expectations.gx_duckdb import warehouse_datasource

    with warehouse_datasource(warehouse, schemas) as datasource:
        outcomes = []
        for suite in selected:
            plan = (deltas or {}).get(suite.name)
            rows = plan.rows if plan is not None else None
            outcomes.append(_run_suite(datasource, suite, catalog, rows))
            if on_suite is not None:
                on_suite(outcomes[-1])
        return outcomes


@dataclass(frozen=True)
class Catalog:
    """Where each table or view of the warehouse lives, and which of them are views."""

    tables: dict[str, str]
    views: frozenset[str]


def locate_tables(warehouse: Path, wait_seconds: float = LOCK_WAIT_SECONDS) -> dict[str, str]:
    """Map every table and view name in the warehouse to its schema (waiting out a writer)."""
    return read_catalog(warehouse, wait_seconds).tables


def read_catalog(warehouse: Path, wait_seconds: float = LOCK_WAIT_SECONDS) -> Catalog:
    warehouse = Path(warehouse)
    if not warehouse.is_file():
        raise WarehouseUnavailable(f"warehouse not found: {warehouse}")
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            connection = configure(duckdb.connect(str(warehouse), read_only=True))
            break
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower() or time.monotonic() > deadline:
                raise WarehouseUnavailable(f"cannot open warehouse {warehouse}: {exc}") from exc
            time.sleep(1.0)
    try:
        rows = connection.execute(
            "select table_schema, table_name, table_type = 'VIEW' "
            "from information_schema.tables where table_catalog = current_database()"
        ).fetchall()
    finally:
        connection.close()
    # A name in two schemas resolves to the earlier schema of the search path, as in GX.
    order = {s: i for i, s in enumerate(PREFERRED_SCHEMAS)}
    located: dict[str, str] = {}
    views: set[str] = set()
    for schema, table, is_view in sorted(rows, key=lambda r: order.get(r[0], len(order))):
        if table not in located:
            located[table] = schema
            if is_view:
                views.add(table)
    return Catalog(located, frozenset(views))


def _search_path(schemas: Iterable[str]) -> list[str]:
    present = set(schemas)
    ordered = [s for s in PREFERRED_SCHEMAS if s in present]
    return ordered + sorted(present - set(ordered)) or ["main"]


def _run_suite(
    datasource: Any, suite: Suite, catalog: Catalog, delta_rows: str | None = None
) -> SuiteOutcome:
    started = time.perf_counter()
    outcome = SuiteOutcome(suite.name, tuple(suite.asset_key), None)
    try:
        gx_suite = suite.build()
    except Exception as exc:  # a broken factory must fail the gate, not crash it
        outcome.outcomes.append(_synthetic_failure(suite.name, "build suite", exc))
        outcome.seconds = time.perf_counter() - started
        return outcome
    expectations = gx_suite.expectations
    schema = catalog.tables.get(suite.name)
    if schema is None:
        missing = LookupError(f"table {suite.name} not found in the warehouse")
        outcome.outcomes = [_failed_without_running(suite.name, e, missing) for e in expectations]
    else:
        outcome.table = f"{schema}.{suite.name}"
        try:
            outcome.outcomes = _validate_parts(
                datasource, suite.name, schema, gx_suite, suite.name in catalog.views, delta_rows
            )
        except Exception as exc:  # the batch itself failed: every expectation failed
            outcome.outcomes = [_failed_without_running(suite.name, e, exc) for e in expectations]
    outcome.seconds = time.perf_counter() - started
    return outcome


def _validate_parts(
    datasource: Any, name: str, schema: str, gx_suite: Any, is_view: bool, delta_rows: str | None
) -> list[ExpectationOutcome]:
    """Validate the suite on the whole table, or, given ``delta_rows``, its row-level
    expectations on those rows and the rest on the whole table."""
    if delta_rows is None:
        with _snapshot(datasource, name, schema, is_view) as source:
            return _validate(datasource, name, source, gx_suite)
    from expectations.delta import is_row_level

    expectations = list(gx_suite.expectations)
    outcomes: list[ExpectationOutcome] = []
    # the whole-table part first: the delta's snapshot would shadow the table by name
    for on_delta, rows in ((False, None), (True, delta_rows)):
        part = [e for e in expectations if is_row_level(e, name) is on_delta]
        if part:
            with _snapshot(datasource, name, schema, is_view, rows) as source:
                outcomes += _validate(datasource, name, source, _subsuite(gx_suite, part))
    return outcomes


def _subsuite(gx_suite: Any, expectations: list[Any]) -> Any:
    import great_expectations as gx

    return gx.ExpectationSuite(
        name=gx_suite.name, meta=gx_suite.meta, expectations=[e.copy() for e in expectations]
    )


@contextlib.contextmanager
def _snapshot(
    datasource: Any, name: str, schema: str, is_view: bool, rows: str | None = None
) -> Iterator[str]:
    """The schema to validate ``name`` in: a view, or the ``rows`` of a table's delta, is
    evaluated once into a snapshot table.

    A staging view re-runs its parsing and latest-version ranking on every query, and a
    suite asks dozens; one snapshot (a table in DuckDB's in-memory snapshot catalog) makes
    the rest cheap. The snapshot shadows the view for the suite's own queries too, since
    that catalog leads the search path; it is dropped when the suite is done.
    """
    if not is_view and rows is None:
        yield schema
        return
    from expectations.gx_duckdb import SNAPSHOTS, execute

    snapshot = f'{SNAPSHOTS}.main."{name}"'
    where = "" if rows is None else f" where {rows}"
    execute(
        datasource,
        f'create or replace table {snapshot} as select * from "{schema}"."{name}"{where}',
    )
    try:
        yield SNAPSHOTS
    finally:
        execute(datasource, f"drop table if exists {snapshot}")


def _validate(datasource: Any, name: str, schema: str, gx_suite: Any) -> list[ExpectationOutcome]:
    with warnings.catch_warnings():
        # The alternative GX suggests (one datasource per schema) buys nothing on one file.
        warnings.filterwarnings("ignore", "`schema_name` is deprecated", DeprecationWarning)
        asset = datasource.add_table_asset(name=name, table_name=name, schema_name=schema)
    try:
        batch = asset.add_batch_definition_whole_table("whole_table").get_batch()
        result_format: dict[str, Any] = {
            "result_format": "SUMMARY",
            "partial_unexpected_count": SAMPLE_ROWS,
        }
        key_columns = (gx_suite.meta or {}).get("key_columns")
        if key_columns:
            result_format["unexpected_index_column_names"] = list(key_columns)
        result = batch.validate(gx_suite, result_format=result_format)
        return [_outcome(name, r) for r in result.results]
    finally:
        datasource.delete_asset(name)


def _outcome(suite: str, result: Any) -> ExpectationOutcome:
    config = result.expectation_config
    details = result.result or {}
    exception = _exception_message(result.exception_info)
    return ExpectationOutcome(
        suite=suite,
        name=expectation_label(config.type, config.kwargs, config.description),
        expectation_type=config.type,
        severity=_severity(getattr(config, "severity", None)),
        success=bool(result.success) and exception is None,
        unexpected_count=_int_or_none(details.get("unexpected_count")),
        element_count=_int_or_none(details.get("element_count")),
        sample=_sample(details),
        exception=exception,
    )


def expectation_label(type_: str, kwargs: dict[str, Any], description: str | None) -> str:
    """A stable human name: the description, else ``type(column, ...)``."""
    if description:
        return description
    args = [
        str(kwargs[k])
        for k in (
            "column",
            "column_A",
            "column_B",
            "column_list",
            "value_set",
            "min_value",
            "max_value",
        )
        if kwargs.get(k) is not None
    ]
    return f"{type_}({', '.join(args)})"


def _severity(value: Any) -> str:
    text = str(getattr(value, "value", value) or "critical").lower()
    return "error" if text in ("critical", "error") else "warning"


def _exception_message(info: Any) -> str | None:
    """GX reports exceptions flat or keyed by metric; any raised one makes a failure."""
    if not info:
        return None
    entries = [info] if "raised_exception" in info else list(info.values())
    messages = [
        str(e.get("exception_message") or "exception raised")
        for e in entries
        if isinstance(e, dict) and e.get("raised_exception")
    ]
    return "; ".join(dict.fromkeys(messages)) or None


def _sample(details: dict[str, Any]) -> tuple[dict[str, Any], ...]:
    from expectations.custom import plain_row, plain_value

    if details.get("partial_unexpected_rows"):
        return tuple(details["partial_unexpected_rows"][:SAMPLE_ROWS])
    if details.get("partial_unexpected_index_list"):
        return tuple(plain_row(r) for r in details["partial_unexpected_index_list"][:SAMPLE_ROWS])
    values = details.get("partial_unexpected_list") or []
    return tuple({"value": plain_value(v)} for v in values[:SAMPLE_ROWS])


def _int_or_none(value: Any) -> int | None:
    return None if value is None else int(value)


def _failed_without_running(suite: str, expectation: Any, exc: BaseException) -> ExpectationOutcome:
    return ExpectationOutcome(
        suite=suite,
        name=expectation_label(
            expectation.expectation_type, expectation.configuration.kwargs, expectation.description
        ),
        expectation_type=expectation.expectation_type,
        severity=_severity(expectation.severity),
        success=False,
        exception=f"{type(exc).__name__}: {exc}",
    )


def _synthetic_failure(suite: str, what: str, exc: BaseException) -> ExpectationOutcome:
    return ExpectationOutcome(
        suite=suite,
        name=what,
        expectation_type="suite_error",
        severity="error",
        success=False,
        exception=f"{type(exc).__name__}: {exc}",
    )
