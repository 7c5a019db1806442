"""`chainseg run` on an ordinary day leaves the models and seeds whose code and raw inputs did
not change (the masters' staging, dimensions, seeds) as they are, and the warehouse it leaves
is, table for table, the one a run that builds every node leaves (orchestration/unchanged.py)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from benchmarks.bench import _date_dirs, delivers_masters, land
from settings.dbt import BUILT_INPUTS
from tests.pipeline_fixtures import DEMO, chainseg_cli, generated_landing

#: what a run's builds write; the raw layer and the bookkeeping (watermarks, fingerprints) apart
BUILT_SCHEMAS = ("seeds", "staging", "intermediate", "core", "segmentation", "feeds", "marts")


def _checksums(warehouse: Path) -> dict[str, tuple]:
    conn = duckdb.connect(str(warehouse), read_only=True)
    try:
        tables = conn.execute(
            "select schema_name, table_name from duckdb_tables() "
            f"where schema_name in {BUILT_SCHEMAS} order by 1, 2"
        ).fetchall()
        return {
            f"{s}.{t}": conn.execute(
                f'select count(*), coalesce(sum(hash(t)::hugeint), 0) from "{s}"."{t}" as t'
            ).fetchone()
            for s, t in tables
        }
    finally:
        conn.close()


def _recorded_at(warehouse: Path) -> dict[str, datetime]:
    conn = duckdb.connect(str(warehouse), read_only=True)
    try:
        return dict(conn.execute(f"select unique_id, recorded_at from {BUILT_INPUTS}").fetchall())
    finally:
        conn.close()


def _run(home: Path):
    result = chainseg_cli("run", home=home, landing=home / "landing")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result


@pytest.fixture(scope="module")
def ordinary_day_home(tmp_path_factory) -> tuple[Path, datetime, str]:
    """A home built up to the day before the demo's last ordinary day, then run again with
    that day landed. With the time between the two runs and the second run's output (both
    streams)."""
    extracts = generated_landing(**DEMO)
    days = sorted(_date_dirs(extracts))
    ordinary = max(day for day in days if not delivers_masters(extracts, day))
    home = tmp_path_factory.mktemp("unchanged-home")
    land(extracts, home, [day for day in days if day < ordinary])
    _run(home)
    between = datetime.now()
    land(extracts, home, [ordinary])
    second = _run(home)
    return home, between, second.stdout + second.stderr


def test_an_ordinary_day_leaves_the_masters_as_built(ordinary_day_home) -> None:
    home, between, output = ordinary_day_home
    recorded = _recorded_at(home / "warehouse.duckdb")

    assert "models and seeds left as built" in output
    left = {u for u, at in recorded.items() if at < between}
    rebuilt = {u for u, at in recorded.items() if at >= between}
    assert {"model.chainseg.dim_customer", "model.chainseg.dim_product"} <= left
    assert any(u.startswith("seed.") for u in left)
    # a view no test reads holds no rows: it reads the day's lines without being rebuilt
    assert "model.chainseg.base_erp__sales_order_item" in left
    assert {"model.chainseg.fct_sales_order_lines", "model.chainseg.int_as_of"} <= rebuilt
    # a test reads this view: it is rebuilt so that its tests read the new files
    assert "model.chainseg.stg_ingestion__file_ledger" in rebuilt


def test_an_ordinary_day_runs_every_check_of_what_it_builds(ordinary_day_home) -> None:
    """dbt runs every test Dagster expects of the nodes built (see
    tests/dbt/test_dbt_layers.py: a test reads only what its model is built from)."""
    _, _, output = ordinary_day_home

    assert "emitted no result" not in output
    assert "did not yield or return expected outputs" not in output
    assert "instead of an `AssetCheckResult`" not in output  # a test that is no check


def test_leaving_nodes_out_leaves_the_warehouse_a_full_run_leaves(ordinary_day_home) -> None:
    home, _, _ = ordinary_day_home
    warehouse = home / "warehouse.duckdb"
    left_out = _checksums(warehouse)
    conn = duckdb.connect(str(warehouse))
    conn.execute(f"delete from {BUILT_INPUTS}")  # nothing recorded: every node is built
    conn.close()

    output = _run(home).stdout

    assert "left as built" not in output
    assert _checksums(warehouse) == left_out


def test_the_daily_schedule_leaves_the_same_nodes_out(ordinary_day_home, monkeypatch) -> None:
    import dagster as dg

    from orchestration.definitions import defs
    from orchestration.defs.dbt import daily_schedule

    home, _, _ = ordinary_day_home
    monkeypatch.setenv("CHAINSEG_HOME", str(home))
    monkeypatch.delenv("CHAINSEG_WAREHOUSE", raising=False)
    context = dg.build_schedule_context(repository_def=defs.get_repository_def())

    request = daily_schedule.evaluate_tick(context).run_requests[0]

    selected = {key.to_user_string() for key in request.asset_selection}
    assert "dim_customer" not in selected  # nothing landed since: every model is left out
    assert {"publication", "operational_feeds"} <= selected
