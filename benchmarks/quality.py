"""Benchmark the quality suites against the lower bound: one plain SQL statement, same conditions.

    python -m benchmarks.quality [--warehouse PATH]   (default: the configured warehouse)

Two fresh child processes, each measured for wall time and peak memory (``benchmarks.measure``):

- ``suites``: every GX suite of ``expectations/suites`` through the runner, as ``chainseg
  check`` runs them (GX import included; the in-process validation time is reported too);
- ``sql``: one DuckDB statement that evaluates the same conditions — each view once, as a
  materialised CTE; each table's column conditions as ``count(*) filter (where …)`` in a
  single scan; uniqueness by ``group by``; the query-based expectations as ``count(*)`` of
  their own query — with no GX at all, under the same DuckDB memory limit.

The statement is derived from the suite definitions (so the two cannot drift apart) and
written out beside the result; both sides' unexpected counts are compared to show they
evaluate the same thing.

``chainseg bench`` compares its quality stage (the dbt data tests and the GX steps of a run)
with that statement followed by every dbt data test (``dbt_test_conditions``), one statement
each on the same connection: the test's query as dbt compiles it on whole tables, its failures
computed as dbt does (``fail_calc``). One statement is the lower bound of the suites' column
conditions, which share a scan per table; the tests' queries share nothing, and 432 of them
as scalar subqueries of one statement took 62 s where one after another took 5 s.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.measure import Measurement, measure
from settings.dbt import dbt_command, dbt_environment
from settings.paths import paths

#: the ``suite`` of a condition that is a dbt data test
DBT_TESTS = "dbt"


@dataclass(frozen=True)
class Condition:
    """One expectation as SQL: an unexpected-row count over its table."""

    suite: str
    name: str
    alias: str
    table: str
    filter_sql: str | None = None  # counted in the table's single scan
    count_sql: str | None = None  # a scalar subquery of its own (a dbt test: a statement)


def conditions(suites: list[Any], tables: dict[str, str]) -> list[Condition]:
    from expectations.runner import expectation_label

    found: list[Condition] = []
    for spec in suites:
        schema = tables.get(spec.name)
        if schema is None:
            continue
        table = f"{schema}.{spec.name}"
        for expectation in spec.build().expectations:
            config = expectation.configuration
            label = expectation_label(config.type, config.kwargs, expectation.description)
            alias = f"e{len(found)}"
            found.append(_condition(spec.name, label, alias, table, config.type, config.kwargs))
    return found


def _condition(
    suite: str, label: str, alias: str, table: str, type_: str, kw: dict[str, Any]
) -> Condition:
    base = {"suite": suite, "name": label, "alias": alias, "table": table}
    column = kw.get("column")
    if type_ == "expect_column_values_to_not_be_null":
        return Condition(**base, filter_sql=f"{column} is null")
    if type_ == "expect_column_values_to_be_in_set":
        values = ", ".join("'" + str(v).replace("'", "''") + "'" for v in kw["value_set"])
        return Condition(
            **base,
            filter_sql=f"{column} is not null and cast({column} as varchar) not in ({values})",
        )
    if type_ == "expect_column_values_to_be_between":
        low, high = kw.get("min_value"), kw.get("max_value")
        checks = []
        if low is not None:
            checks.append(f"{column} {'<=' if kw.get('strict_min') else '<'} {low}")
        if high is not None:
            checks.append(f"{column} {'>=' if kw.get('strict_max') else '>'} {high}")
        return Condition(**base, filter_sql=f"{column} is not null and ({' or '.join(checks)})")
    if type_ == "expect_column_pair_values_a_to_be_greater_than_b":
        a, b = kw["column_A"], kw["column_B"]
        op = ">=" if kw.get("or_equal") else ">"
        return Condition(
            **base, filter_sql=f"{a} is not null and {b} is not null and not ({a} {op} {b})"
        )
    if type_ in ("expect_column_values_to_be_unique", "expect_compound_columns_to_be_unique"):
        columns = ", ".join(kw.get("column_list") or [column])
        return Condition(
            **base,
            count_sql=(
                f"(select coalesce(sum(n), 0) from (select count(*) as n from {table} "
                f"group by {columns} having count(*) > 1))"
            ),
        )
    if type_ == "expect_query_unexpected_rows_to_be_rare":
        query = kw["unexpected_rows_query"]
        # As Great Expectations substitutes it: a query with a join aliases the batch itself.
        batch = f"(select * from {table})"
        if not re.search(r"\bjoin\b", query, re.IGNORECASE):
            batch += " as subselect"
        query = query.replace("{batch}", batch)
        query = query.replace("{{", "{").replace("}}", "}")
        return Condition(**base, count_sql=f"(select count(*) from ({query}))")
    raise ValueError(f"no SQL translation for {type_}")


def dbt_test_conditions(warehouse: Path, out: Path) -> list[Condition]:
    """Every dbt data test of the project as a condition: its query compiled against
    ``warehouse`` on whole tables (as on a first build), failures as dbt computes them.
    (``dbt compile`` runs no hooks: the warehouse is only read.)"""
    target = out / "dbt_tests"
    compiled = subprocess.run(
        dbt_command(
            "compile",
            "--select",
            "resource_type:test",  # data tests (unit tests are resource_type:unit_test)
            "--vars",
            json.dumps({"quality_whole_tables": True}),
            "--quiet",
        ),
        env=dbt_environment(target, target, CHAINSEG_WAREHOUSE=str(warehouse)),
        capture_output=True,
        text=True,
    )
    if compiled.returncode != 0:
        detail = (compiled.stdout + compiled.stderr).strip().splitlines()
        raise RuntimeError(f"dbt compile failed: {detail[-1] if detail else compiled.returncode}")
    nodes = json.loads((target / "manifest.json").read_text())["nodes"]
    tests = sorted(
        (uid, node)
        for uid, node in nodes.items()
        if node["resource_type"] == "test" and node.get("compiled_code")
    )
    return [
        Condition(
            suite=DBT_TESTS,
            name=uid,
            alias=f"d{i}",
            table=node["name"],
            count_sql=(
                f"select {node['config'].get('fail_calc') or 'count(*)'} "
                f"from ({node['compiled_code']}) as dbt_internal_test"
            ),
        )
        for i, (uid, node) in enumerate(tests)
    ]


def lower_bound_sql(found: list[Condition], views: dict[str, str]) -> str:
    """One statement: a single aggregate scan per table, plus the query-based counts.

    Each view (``name`` -> ``schema``) becomes a materialised CTE of the same name, so that it
    is evaluated once for the whole statement, as the runner evaluates it once per suite.
    """
    by_table: dict[str, list[Condition]] = {}
    for c in found:
        if c.filter_sql:
            by_table.setdefault(c.table, []).append(c)
    scans = [
        f"t{i} as (select "
        + ", ".join(f"count(*) filter (where {c.filter_sql}) as {c.alias}" for c in conds)
        + f" from {table})"
        for i, (table, conds) in enumerate(by_table.items())
    ]
    outputs = [f"t{i}.*" for i in range(len(scans))]
    outputs += [f"{c.count_sql} as {c.alias}" for c in found if c.count_sql]
    sources = ", ".join(f"t{i}" for i in range(len(scans))) or "(select 1)"
    frozen = [
        f'{name} as materialized (select * from {schema}."{name}")'
        for name, schema in sorted(views.items())
    ]
    ctes = frozen + scans
    with_clause = f"with {', '.join(ctes)} " if ctes else ""
    sql = f"{with_clause}select {', '.join(outputs)} from {sources}"
    # Conditions name the validated table by its schema; inside this statement they read the
    # CTE of a view instead.
    for name, schema in views.items():
        sql = sql.replace(f"{schema}.{name}", name)
    return sql


SUITES_CHILD = """
import json, sys, time
from pathlib import Path
started = time.perf_counter()
from expectations.runner import run_suites
imported = time.perf_counter()
suites = run_suites(Path(sys.argv[1]))
done = time.perf_counter()
counts = {f"{s.suite}: {o.name}": o.unexpected_count for s in suites for o in s.outcomes}
print(json.dumps({"import_seconds": imported - started, "validate_seconds": done - imported,
                  "expectations": len(counts), "counts": counts}))
"""

SQL_CHILD = """
import json, sys, time
import duckdb
started = time.perf_counter()
connection = duckdb.connect(sys.argv[1], read_only=True)
connection.execute("set search_path = '" + sys.argv[3] + "'")
connection.execute("set memory_limit = '" + sys.argv[4] + "'")
cursor = connection.execute(open(sys.argv[2]).read())
row = cursor.fetchone()
names = [d[0] for d in cursor.description]
counts = dict(zip(names, [int(v) for v in row]))
tests_started = time.perf_counter()
for alias, statement in json.loads(open(sys.argv[5]).read()).items():
    counts[alias] = int(connection.execute(statement).fetchone()[0] or 0)
done = time.perf_counter()
print(json.dumps({"seconds": done - started, "tests_seconds": done - tests_started,
                  "counts": counts}))
"""


def measure_lower_bound(
    warehouse: Path, out: Path, *, dbt_tests: bool = False
) -> tuple[list[Condition], Measurement, dict[str, Any]]:
    """The lower bound of the suites (and, with ``dbt_tests``, of the dbt data tests too) on
    ``warehouse``: their conditions, the SQL (written to ``out/lower_bound.sql``) run in a
    fresh read-only child, and that child's figures."""
    from expectations.registry import suite_specs
    from expectations.runner import _search_path, read_catalog
    from settings.duckdb_config import memory_limit

    catalog = read_catalog(warehouse)
    tables = catalog.tables
    found = conditions(suite_specs(), tables)
    if dbt_tests:
        found += dbt_test_conditions(warehouse, out)
    views = {name: tables[name] for name in catalog.views}
    out.mkdir(parents=True, exist_ok=True)
    sql_file = out / "lower_bound.sql"
    sql_file.write_text(lower_bound_sql([c for c in found if c.suite != DBT_TESTS], views))
    tests_file = out / "dbt_tests.json"
    tests_file.write_text(json.dumps({c.alias: c.count_sql for c in found if c.suite == DBT_TESTS}))
    search_path = ",".join(_search_path(tables.values()))
    sql_run = measure(
        [sys.executable, "-c", SQL_CHILD, str(warehouse), str(sql_file), search_path]
        + [memory_limit(), str(tests_file)]
    )
    return found, sql_run, json.loads(sql_run.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", type=Path, help="default: CHAINSEG_WAREHOUSE / data home")
    parser.add_argument("--out", type=Path, help="write the SQL and the figures here")
    args = parser.parse_args()
    warehouse = (args.warehouse or paths().warehouse).resolve()
    if not warehouse.is_file():
        sys.exit(f"benchmarks.quality: error: no warehouse at {warehouse}")

    out = args.out or Path(tempfile.mkdtemp(prefix="chainseg-bench-quality-"))
    found, sql_run, sql_result = measure_lower_bound(warehouse, out)
    gx_run = measure([sys.executable, "-c", SUITES_CHILD, str(warehouse)])
    gx_result = json.loads(gx_run.stdout.strip().splitlines()[-1])

    disagree = {
        f"{c.suite}: {c.name}": [
            gx_result["counts"].get(f"{c.suite}: {c.name}"),
            sql_result["counts"][c.alias],
        ]
        for c in found
        if gx_result["counts"].get(f"{c.suite}: {c.name}") != sql_result["counts"][c.alias]
    }
    agree = len(found) - len(disagree)
    figures = {
        "warehouse": str(warehouse),
        "warehouse_mb": round(warehouse.stat().st_size / 2**20, 1),
        "expectations": len(found),
        "suites": {
            "seconds": round(gx_run.seconds, 2),
            "validate_seconds": round(gx_result["validate_seconds"], 2),
            "peak_mb": round(gx_run.peak_mb),
        },
        "sql": {
            "seconds": round(sql_run.seconds, 2),
            "query_seconds": round(sql_result["seconds"], 2),
            "peak_mb": round(sql_run.peak_mb),
        },
        "ratio_time": round(gx_run.seconds / sql_run.seconds, 1),
        "ratio_validate_vs_query": round(
            gx_result["validate_seconds"] / max(sql_result["seconds"], 1e-6), 1
        ),
        "ratio_peak_memory": round(gx_run.peak_mb / sql_run.peak_mb, 1),
        "counts_agree": f"{agree}/{len(found)}",
        "counts_disagree (suites, sql)": disagree,
    }
    (out / "quality_benchmark.json").write_text(json.dumps(figures, indent=2))
    print(json.dumps(figures, indent=2))
    print(
        f"all suites: {gx_run.seconds:.1f} s (validation {gx_result['validate_seconds']:.1f} s), "
        f"peak {gx_run.peak_mb:.0f} MB | one SQL statement: {sql_run.seconds:.1f} s "
        f"(query {sql_result['seconds']:.1f} s), peak {sql_run.peak_mb:.0f} MB | "
        f"ratio {figures['ratio_time']}x time, {figures['ratio_peak_memory']}x memory | "
        f"{len(found)} expectations, counts agree on {agree}"
    )


if __name__ == "__main__":
    main()
