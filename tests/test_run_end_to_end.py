"""`chainseg run` end to end on the demo extracts: through Dagster, recorded, repeatable.

This is what `make run` does, on the generator's demo defaults (a full year, so that the
trailing-52-week XYZ classes and every designed segment occur), in a temporary data home.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import duckdb
import pytest

from tests.pipeline_fixtures import chainseg_cli, generated_landing

DEMO_DEFAULTS = {"scale": 0.01, "days": 365, "seed": 42}  # `chainseg generate`'s defaults


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    """A fresh data home whose landing zone is the test session's shared demo extracts."""
    return tmp_path_factory.mktemp("chainseg-home")


def chainseg(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    return chainseg_cli(*args, home=home, landing=generated_landing(**DEMO_DEFAULTS))


@pytest.fixture(scope="module")
def first_run(home) -> subprocess.CompletedProcess[str]:
    return chainseg("run", home=home)


def raw_counts(home: Path) -> dict[str, int]:
    conn = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        tables = conn.execute(
            "select table_name from information_schema.tables where table_schema = 'raw'"
        ).fetchall()
        return {t: conn.execute(f'select count(*) from raw."{t}"').fetchone()[0] for (t,) in tables}
    finally:
        conn.close()


def _line(out: str, prefix: str) -> str:
    return next(line for line in out.splitlines() if line.startswith(prefix))


def test_run_succeeds_and_prints_the_summary(first_run):
    assert first_run.returncode == 0, first_run.stdout[-3000:] + first_run.stderr[-3000:]
    out = first_run.stdout
    assert "erp__purchase_order_item" in out  # the per-entity landing summary
    assert "rows per layer:" in out
    assert "quarantined rows by rule:" in out
    cells = dict(re.findall(r"\b([ABC][XYZ]) (\d+)", _line(out, "products per ABC-XYZ cell:")))
    assert sorted(cells) == [a + x for a in "ABC" for x in "XYZ"]
    quadrants = _line(out, "suppliers per Kraljic quadrant:")
    for quadrant in ("strategic", "leverage", "bottleneck", "routine"):
        assert f"{quadrant} " in quadrants
    segments = _line(out, "customers per segment:")
    for segment in ("passive", "carriage_trade", "bargain_basement", "aggressive"):
        assert f"{segment} " in segments
    assert "unallocated charges:" in out
    checks = re.search(r"checks: (\d+) passed, \d+ passed with warnings, (\d+) failed", out)
    assert checks, out
    assert int(checks[1]) > 0
    assert int(checks[2]) == 0, out


def test_the_demo_business_is_believable(home, first_run):
    # The summary says what cost to serve is against revenue, and the demo warehouse holds
    # it between 8 and 20 % with every designed segment populated (issue 16).
    assert first_run.returncode == 0, first_run.stdout[-3000:]
    line = _line(first_run.stdout, "cost to serve:")
    shown = re.match(r"cost to serve: (\d+\.\d) % of revenue \(", line)
    assert shown, line
    assert 8.0 <= float(shown[1]) <= 20.0, line
    conn = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        [(cts, revenue)] = conn.execute(
            "select sum(cost_to_serve_12m), sum(revenue_12m) from marts.mart_customer_segments"
        ).fetchall()
        [(losing, customers)] = conn.execute(
            "select count(*) filter (where net_margin_12m < 0), count(*) "
            "from marts.mart_customer_segments where customer_segment <> 'unsegmented'"
        ).fetchall()
        cells = dict(
            conn.execute(
                "select product_segment, count(*) from marts.mart_product_segments group by 1"
            ).fetchall()
        )
        quadrants = dict(
            conn.execute(
                "select kraljic_segment, count(*) from marts.mart_supplier_segments group by 1"
            ).fetchall()
        )
        segments = dict(
            conn.execute(
                "select customer_segment, sum(revenue_12m) from marts.mart_customer_segments "
                "group by 1"
            ).fetchall()
        )
    finally:
        conn.close()
    assert 0.08 <= cts / revenue <= 0.20
    assert 0 < losing < customers / 2  # some customers lose money, most do not
    assert all(cells.get(a + x, 0) > 0 for a in "ABC" for x in "XYZ"), cells
    for quadrant in ("strategic", "leverage", "bottleneck", "routine"):
        assert quadrants.get(quadrant, 0) > 0, quadrants
    for segment in ("passive", "carriage_trade", "bargain_basement", "aggressive"):
        assert (segments.get(segment) or 0) > 0, segments


def test_runs_are_recorded_on_the_persistent_instance(home, first_run, monkeypatch):
    import dagster as dg

    monkeypatch.setenv("CHAINSEG_DAGSTER_STORAGE", str(home / "dagster"))
    instance = dg.DagsterInstance.from_config(str(Path(__file__).resolve().parents[1]))
    try:
        jobs = {run.job_name for run in instance.get_runs()}
    finally:
        instance.dispose()
    assert {"ingest", "transform"} <= jobs


def test_a_fresh_homes_first_dbt_step_starts_from_a_parse(home, first_run):
    # The project was parsed for this home while its extracts loaded (settings.dbt,
    # parse_meanwhile), or by the run itself when the manifest was stale: either way the first
    # dbt step reuses that parse instead of reparsing the whole project for a new profile.
    assert first_run.returncode == 0, first_run.stdout[-3000:]
    log = min((home / "dbt").glob("dbt_core-*/dbt.log"), key=lambda path: path.stat().st_mtime)
    assert "Unable to do partial parsing" not in log.read_text(encoding="utf-8")
    assert (home / "dbt" / "partial_parse.msgpack").is_file()
    assert not list((home / "dbt").glob(".parse-*"))  # the parse's own folder is gone


def test_rerun_with_nothing_new_changes_no_raw_row(home, first_run):
    before = raw_counts(home)

    second = chainseg("run", home=home)

    assert second.returncode == 0, second.stderr
    assert "every landed extract date is already loaded" in second.stdout
    assert raw_counts(home) == before
