"""`chainseg bench`: the per-stage attribution of a run, the raw-DuckDB baseline's segments,
and the command line.

``dbt_log_sample.jsonl`` holds the start and result lines of thirteen nodes in dbt's
info-level JSON file log, recorded from a demo run's two dbt steps and a run of two unit
tests.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from benchmarks.baseline import plain_ingest, run_sql
from benchmarks.stages import (
    FACTS,
    INGEST,
    MARTS,
    OVERHEAD,
    PUBLICATION,
    QUALITY,
    STAGES,
    STAGING,
    Interval,
    attribute,
    dbt_intervals,
    dbt_stage,
    growth,
    part_seconds,
    step_stage,
    tree_rss_mb,
)
from chainseg.cli import main
from tests.pipeline_fixtures import built_demo_warehouse, dbt, demo_landing, ingest

SAMPLE = (Path(__file__).with_name("dbt_log_sample.jsonl")).read_text().splitlines()


def _sample_intervals() -> dict[str, Interval]:
    found = dbt_intervals(SAMPLE)
    return {i.name: i for i in found}


def test_each_recorded_dbt_node_is_given_the_stage_of_its_folder_or_kind():
    stages = {name: i.stage for name, i in _sample_intervals().items()}

    assert stages == {
        "seed.chainseg.plants": STAGING,
        "model.chainseg.stg_erp__sales_order_items": STAGING,
        "model.chainseg.int_duplicate_rows_dropped": STAGING,
        "model.chainseg.dim_product": FACTS,
        "model.chainseg.fct_sales_order_lines": FACTS,
        "model.chainseg.int_product_sales_abc": MARTS,
        "model.chainseg.mart_product_segments": MARTS,
        "model.chainseg.int_cost_to_serve_lines": MARTS,
        "test.chainseg.not_null_stg_ingestion__file_ledger_content_hash.88d1386ed8": QUALITY,
        "test.chainseg.not_null_int_freight_charges_in_scope_charge_id.b104bd88da": QUALITY,
        "unit_test.chainseg.base_erp__goods_receipt.test_sap_trailing_minus_numbers_are_negative": (
            QUALITY
        ),
        "unit_test.chainseg.int_po_line_contract_compliance."
        "contract_tier_selection_tolerance_and_maverick": QUALITY,
    }  # the on-run-start hook is no stage: its time is overhead


def test_a_recorded_node_spans_the_time_dbt_reports_it_ran():
    result = next(
        json.loads(line)["data"]
        for line in SAMPLE
        if '"LogModelResult"' in line and "fct_sales_order_lines" in line
    )
    interval = _sample_intervals()["model.chainseg.fct_sales_order_lines"]

    assert interval.end - interval.start == pytest.approx(result["execution_time"], abs=0.02)


def test_a_unit_test_ends_with_its_result_line():
    unit = "unit_test.chainseg.base_erp__goods_receipt.test_sap_trailing_minus_numbers_are_negative"
    result = next(json.loads(line) for line in SAMPLE if '"LogTestResult"' in line and unit in line)
    interval = _sample_intervals()[unit]

    assert interval.end - interval.start == pytest.approx(
        result["data"]["execution_time"], abs=0.02
    )


def test_a_log_cut_short_by_a_killed_run_gives_the_nodes_that_finished():
    cut = [*SAMPLE[:-1], SAMPLE[-1][: len(SAMPLE[-1]) // 2]]

    assert len(dbt_intervals(cut)) == len(_sample_intervals()) - 1


def test_the_stages_of_a_recorded_run_add_up_to_its_wall_time():
    intervals = list(_sample_intervals().values())
    start = min(i.start for i in intervals) - 2.0
    end = max(i.end for i in intervals) + 3.0

    split = attribute(intervals, start, end)

    assert sum(split.seconds.values()) == pytest.approx(end - start)
    assert set(split.seconds) == set(STAGES)
    for stage in (STAGING, FACTS, MARTS, QUALITY):
        own = sum(i.end - i.start for i in intervals if i.stage == stage)
        assert split.seconds[stage] == pytest.approx(own)  # one thread: no overlap
    assert split.seconds[OVERHEAD] >= 5.0


def test_overlapping_stages_share_the_instants_they_run_together():
    intervals = [Interval(FACTS, 0.0, 4.0), Interval(QUALITY, 2.0, 6.0), Interval(FACTS, 3.0, 4.0)]

    split = attribute(intervals, 0.0, 10.0, samples=[(1.0, 100.0), (3.0, 500.0), (8.0, 50.0)])

    assert split.seconds[FACTS] == pytest.approx(2.0 + 1.0)
    assert split.seconds[QUALITY] == pytest.approx(1.0 + 2.0)
    assert split.seconds[OVERHEAD] == pytest.approx(4.0)
    assert split.peak_mb[FACTS] == 500.0
    assert split.peak_mb[QUALITY] == 500.0
    assert split.peak_mb[OVERHEAD] == 50.0
    assert split.peak_total_mb == 500.0


def test_a_dbt_step_as_a_whole_is_a_part_of_the_run_but_leaves_the_stages_to_its_nodes():
    nodes = [
        Interval(FACTS, 1.0, 3.0, "model.chainseg.f"),
        Interval(QUALITY, 2.0, 4.0, "test.x.t.1"),
    ]
    step = Interval(OVERHEAD, 0.0, 5.0, "dbt_core")
    gx = [
        Interval(QUALITY, 5.0, 6.0, "staging_quality"),
        Interval(QUALITY, 7.0, 8.0, "staging_quality"),
    ]

    with_step = attribute([*nodes, step, *gx], 0.0, 10.0)

    assert with_step.seconds == attribute([*nodes, *gx], 0.0, 10.0).seconds
    assert with_step.seconds[OVERHEAD] == pytest.approx(10.0 - 3.0 - 2.0)
    assert part_seconds([*nodes, step, *gx]) == {
        "model.chainseg.f": 2.0,
        "test.x.t.1": 2.0,
        "dbt_core": 5.0,
        "staging_quality": 2.0,  # a name met twice: its times added
    }


def test_the_growth_with_history_lists_the_steps_and_the_dbt_nodes_that_grew_most():
    after_a_year = {
        "dbt_marts": 30.0,
        "publication": 6.0,
        "raw__erp__stock": 0.2,
        "raw__pos__store": 0.1,
        "model.chainseg.whatif": 2.0,
        "model.chainseg.shrunk": 1.0,
        "test.chainseg.key.1a2b": 0.3,
        "model.chainseg.new": 0.4,
    }
    after_half_a_year = {
        "dbt_marts": 19.0,
        "publication": 3.5,
        "raw__erp__stock": 0.1,
        "raw__pos__store": 0.1,
        "model.chainseg.whatif": 0.5,
        "model.chainseg.shrunk": 1.2,
        "test.chainseg.key.1a2b": 0.1,
    }

    found = growth(after_a_year, after_half_a_year, top=2)

    # steps under half a second in both runs are summed into one row
    assert found["steps"] == [
        ["dbt_marts", 30.0, 19.0],
        ["publication", 6.0, 3.5],
        ["2 other steps", 0.3, 0.2],
    ]
    assert found["dbt_nodes"] == [3.7, 1.8]
    # grown by 1.5, 0.4 and 0.2 s (the shrunk model is not among them): the first two
    assert found["most_grown"] == [
        ["model.chainseg.whatif", 2.0, 0.5],
        ["model.chainseg.new", 0.4, 0.0],
    ]


def test_dagster_steps_are_placed_by_job_and_name():
    assert step_stage("ingest", "raw__erp__customer") == INGEST
    assert step_stage("transform", "dbt_core") is None  # split by its dbt nodes
    assert step_stage("transform", "mart_product_segments_gx_suite") == QUALITY
    assert step_stage("transform", "publication") == PUBLICATION
    assert dbt_stage("operation", "hooks/chainseg-on-run-start-0.sql") is None


def test_the_resident_set_of_this_process_tree_is_measured():
    import os

    assert 10 < tree_rss_mb(os.getpid()) < 100_000


def test_the_baseline_reads_every_demo_extract_with_the_plain_readers(tmp_path):
    read = plain_ingest(demo_landing(), tmp_path / "baseline.duckdb")

    conn = duckdb.connect(str(tmp_path / "baseline.duckdb"))
    tables = {row[0] for row in conn.execute("select table_name from duckdb_tables()").fetchall()}
    conn.close()
    assert {"oracle__fulfillment_line", "erp__sales_order_item"} <= tables
    assert read["rows"] > 0


def test_the_baseline_script_gives_the_sap_units_segments(tmp_path):
    """The hand-written SQL over the plain-read extracts: the same ABC-XYZ class of every
    product and the same Kraljic quadrant of every supplier as the dbt marts. The script covers
    the SAP business unit (the Oracle unit would need the master cross-reference in SQL), so
    both sides run on the demo extracts without the Oracle folder."""
    demo = demo_landing()
    landing = shutil.copytree(
        demo,
        tmp_path / "landing",
        ignore=lambda folder, _: ["oracle"] if Path(folder) == demo else [],
    )
    warehouse = tmp_path / "warehouse.duckdb"
    ingest(landing, warehouse)
    for step in ("seed", "run"):
        result = dbt(warehouse, step, work=tmp_path)
        assert result.returncode == 0, result.failures() or result.stdout[-2000:]
    db = tmp_path / "baseline.duckdb"
    plain_ingest(landing, db)
    run_sql(db)

    conn = duckdb.connect(str(db))
    conn.execute(f"attach '{warehouse}' as demo (read_only)")
    products = conn.execute(
        "select product_id, b.abc_class, m.abc_class, b.xyz_class, m.xyz_class "
        "from bl_product_segments as b "
        "full join demo.marts.mart_product_segments as m using (product_id) "
        "where b.abc_class is distinct from m.abc_class "
        "or b.xyz_class is distinct from m.xyz_class"
    ).fetchall()
    suppliers = conn.execute(
        "select supplier_id, b.kraljic_segment, m.kraljic_segment "
        "from bl_supplier_segments as b "
        "full join demo.marts.mart_supplier_segments as m using (supplier_id) "
        "where b.kraljic_segment is distinct from m.kraljic_segment"
    ).fetchall()
    counts = conn.execute(
        "select (select count(*) from demo.marts.mart_product_segments), "
        "(select count(*) from demo.marts.mart_supplier_segments), "
        "(select count(*) from bl_cost_to_serve_line)"
    ).fetchone()
    conn.close()

    assert products == []
    assert suppliers == []
    assert counts is not None and min(counts) > 0


def test_the_quality_lower_bound_evaluates_every_suite_condition_on_the_demo(tmp_path):
    """Every expectation of every suite becomes SQL that runs, including the query-based ones
    whose join aliases the batch itself (as Great Expectations substitutes ``{batch}``)."""
    from benchmarks.quality import measure_lower_bound

    found, _, result = measure_lower_bound(built_demo_warehouse(), tmp_path)

    assert sorted(result["counts"]) == sorted(c.alias for c in found)
    assert any("join" in c.count_sql.lower() for c in found if c.count_sql)


def test_the_quality_lower_bound_runs_every_dbt_data_test_on_the_demo(tmp_path):
    """With the dbt data tests, every one of the project's runs as compiled, and the demo's
    (whose run passed its tests) fail none of the tests that block."""
    import json

    from benchmarks.quality import DBT_TESTS, measure_lower_bound
    from settings.dbt import MANIFEST

    found, _, result = measure_lower_bound(built_demo_warehouse(), tmp_path, dbt_tests=True)

    nodes = json.loads(MANIFEST.read_text())["nodes"]
    data_tests = {uid: n for uid, n in nodes.items() if n["resource_type"] == "test"}
    tests = {c.name: result["counts"][c.alias] for c in found if c.suite == DBT_TESTS}
    assert sorted(tests) == sorted(data_tests)
    blocking = [uid for uid, n in data_tests.items() if n["config"]["severity"].lower() == "error"]
    assert blocking and all(tests[uid] == 0 for uid in blocking)


def test_bench_help_lists_its_options(capsys):
    with pytest.raises(SystemExit) as done:
        main(["bench", "--help"])

    text = capsys.readouterr().out
    assert done.value.code == 0
    for option in ("--scale", "--days", "--seed", "--no-history"):
        assert option in text


def test_the_bench_tells_a_master_delivery_day_from_an_ordinary_one():
    """The generator delivers the snapshot masters (FX rates among them) on its first day and
    every 28 days after: the bench labels its daily runs by what the day delivers."""
    from datetime import timedelta

    from benchmarks.bench import _date_dirs, delivers_masters

    landing = demo_landing()
    first = min(_date_dirs(landing))

    assert delivers_masters(landing, first)
    assert not delivers_masters(landing, first + timedelta(days=1))
    assert delivers_masters(landing, first + timedelta(days=28))


def test_a_measured_run_resolves_its_own_home_s_paths_and_spill_folder(tmp_path, monkeypatch):
    """The bench exports the settings it resolved for its own home, like every command: a
    measured `chainseg run` must resolve its own instead, as a run started in that home does
    (a spill folder of the bench's home made dbt's profile differ, so the run after a bench in
    the same home parsed the whole project again)."""
    from benchmarks.bench import _child_env
    from settings.duckdb_config import environment

    bench_home = tmp_path / "bench-home"
    exported = {
        **environment(bench_home),  # what export_environment adds for the bench's own home
        "CHAINSEG_HOME": str(bench_home),
        "CHAINSEG_LANDING_DIR": str(bench_home / "landing"),
        "CHAINSEG_WAREHOUSE": str(bench_home / "warehouse.duckdb"),
    }
    for name, value in exported.items():
        monkeypatch.setenv(name, value)
    home = bench_home / "bench" / "homes" / "year"

    env = _child_env(home)

    assert env["CHAINSEG_HOME"] == str(home)
    for name in ("CHAINSEG_LANDING_DIR", "CHAINSEG_WAREHOUSE", "CHAINSEG_TEMP_DIRECTORY"):
        assert name not in env
