"""Suites as blocking Dagster asset checks: a real `materialize` of two assets and one check."""

from __future__ import annotations

import subprocess
import sys

import dagster as dg
import duckdb
import pytest
from quality_fixtures import PLANTED_CR03_SQL, PLANTED_SEVEN_CR03_SQL, QUALITY_NOTIFICATIONS_SQL

from chainseg.run import _Progress
from chainseg.summary import failed_check_lines
from expectations.registry import suite_specs
from orchestration.defs.quality import CHECK_NAME, layer, quality_checks
from orchestration.warehouse import WarehouseResource

STAGING = "stg_procurement__quality_notifications"
CR03 = "CR03: defect_qty <= inspected_qty and quantities >= 0, or quarantined as CR03"


def _pipeline(scripts: tuple[str, ...]) -> list:
    """A staging asset that writes the fixture tables, a mart downstream of it, and its check."""

    @dg.asset(key=[STAGING])
    def staging() -> None:
        from settings.paths import paths

        connection = duckdb.connect(str(paths().warehouse))
        try:
            for script in scripts:
                connection.execute(script)
        finally:
            connection.close()

    @dg.asset(key=["mart_downstream"], deps=[staging])
    def mart() -> None:
        pass

    [spec] = suite_specs([STAGING])
    return [staging, mart, *quality_checks([spec])]


@pytest.fixture
def warehouse_env(tmp_path, monkeypatch):
    monkeypatch.setenv("CHAINSEG_HOME", str(tmp_path))
    monkeypatch.setenv("CHAINSEG_WAREHOUSE", str(tmp_path / "warehouse.duckdb"))
    return tmp_path / "warehouse.duckdb"


def _materialized(result: dg.ExecuteInProcessResult) -> set[str]:
    return {
        event.asset_key.to_user_string()
        for event in result.get_asset_materialization_events()
        if event.asset_key is not None
    }


def test_failed_error_expectation_blocks_the_downstream_asset(warehouse_env):
    result = dg.materialize(
        _pipeline((QUALITY_NOTIFICATIONS_SQL, PLANTED_CR03_SQL)),
        resources={"warehouse": WarehouseResource()},
        raise_on_error=False,
    )

    [evaluation] = result.get_asset_check_evaluations()
    assert evaluation.check_name == CHECK_NAME
    assert evaluation.asset_key == dg.AssetKey([STAGING])
    assert evaluation.passed is False
    assert evaluation.severity == dg.AssetCheckSeverity.ERROR
    assert _materialized(result) == {STAGING}  # mart_downstream was not materialised
    metadata = evaluation.metadata
    assert metadata["unexpected_counts"].value[CR03] == 1
    assert metadata["sample_rows"].value[CR03][0]["notification_id"] == "N6"
    assert CR03 in metadata["failures"].value


def test_a_failed_check_names_suite_expectation_count_and_five_rows_in_the_run_summary(
    warehouse_env, capsys
):
    # Seven planted CR03 breaches: the check's metadata and the summary `chainseg run` prints
    # from the run's event log name the suite, the expectation, all seven and five of them.
    instance = dg.DagsterInstance.ephemeral()
    result = dg.materialize(
        _pipeline((QUALITY_NOTIFICATIONS_SQL, PLANTED_SEVEN_CR03_SQL)),
        resources={"warehouse": WarehouseResource()},
        raise_on_error=False,
        instance=instance,
    )

    [evaluation] = result.get_asset_check_evaluations()
    [detail] = [d for d in evaluation.metadata["failed_detail"].value if d["expectation"] == CR03]
    assert (detail["suite"], detail["severity"], detail["unexpected_count"]) == (
        STAGING,
        "error",
        7,
    )
    assert len(detail["sample_rows"]) == 5
    assert all(row.startswith('{"notification_id": "NX') for row in detail["sample_rows"])

    progress = _Progress(instance, result.run_id, "transform")
    progress.done.set()
    progress.run()  # reads the finished run's events, as the thread does at the end of a run

    name = f"{STAGING}:{CHECK_NAME}"
    assert progress.failed_checks == [name]
    lines = progress.failure_details[name]
    assert lines[0] == f"{STAGING}: {CR03} — 7 failing rows of 12"
    rows = [line for line in lines[1:] if line.startswith('  {"notification_id": "NX')]
    assert len(rows) == 5
    assert all('"inspected_qty": 5.0, "defect_qty": 9.0' in row for row in rows)
    # the warning on the CR03 share failed too, and is only counted
    assert lines[-1] == "(and 1 failed warning expectation(s) in the check's metadata)"
    assert len(lines) == 7


def test_a_failed_dbt_test_check_names_the_test_and_its_failing_rows():
    # What dagster-dbt puts on the check of a failed dbt test (no sample rows there).
    metadata = {
        "unique_id": dg.MetadataValue.text("test.chainseg.not_null_fct_orders_order_id.1a2b"),
        "status": dg.MetadataValue.text("fail"),
        "dagster_dbt/failed_row_count": dg.MetadataValue.int(3),
    }

    assert failed_check_lines("not_null_fct_orders_order_id", metadata) == [
        "dbt test not_null_fct_orders_order_id: 3 failing rows"
    ]
    errored = {"unique_id": "test.chainseg.x.1", "status": "error"}
    assert failed_check_lines("x", errored) == ["dbt test x: status error"]


def test_passing_check_lets_the_downstream_asset_materialise(warehouse_env):
    # Without N3 (quarantined under CR03) not even the warning on the CR03 share fails.
    without_n3 = (
        "delete from staging.stg_procurement__quality_notifications where notification_id = 'N3'"
    )
    result = dg.materialize(
        _pipeline((QUALITY_NOTIFICATIONS_SQL, without_n3)),
        resources={"warehouse": WarehouseResource()},
        raise_on_error=False,
    )

    [evaluation] = result.get_asset_check_evaluations()
    assert evaluation.passed is True
    assert result.success
    assert _materialized(result) == {STAGING, "mart_downstream"}


def test_warning_only_failures_warn_without_blocking(warehouse_env):
    orphan_supplier = (
        "update staging.stg_procurement__quality_notifications set supplier_id = '999' "
        "where notification_id = 'N1'"
    )
    result = dg.materialize(
        _pipeline((QUALITY_NOTIFICATIONS_SQL, orphan_supplier)),
        resources={"warehouse": WarehouseResource()},
        raise_on_error=False,
    )

    [evaluation] = result.get_asset_check_evaluations()
    assert (evaluation.passed, evaluation.severity) == (False, dg.AssetCheckSeverity.WARN)
    assert _materialized(result) == {STAGING, "mart_downstream"}


def test_every_suite_is_a_blocking_check_and_loading_them_does_not_import_gx():
    code = (
        "import sys\n"
        "from orchestration.defs.quality import defs\n"
        "checks = list(defs.asset_checks)\n"
        "specs = [s for c in checks for s in c.check_specs]\n"
        "assert all(s.blocking for s in specs)\n"
        "print(len(specs), sorted(s.asset_key.path[0] for s in specs)[0])\n"
        "assert 'great_expectations' not in sys.modules, 'GX imported at load'\n"
    )

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)

    assert done.returncode == 0, done.stderr
    count, first = done.stdout.split()
    assert int(count) == len(suite_specs())
    assert first == "data_ownership"


def test_one_quality_step_per_layer_runs_every_suite_once():
    steps = quality_checks()

    assert [step.node_def.name for step in steps] == [
        "marts_quality",
        "master_quality",
        "staging_quality",
    ]
    checked = [key.asset_key.path[-1] for step in steps for key in step.check_keys]
    assert sorted(checked) == sorted(spec.name for spec in suite_specs())
    for step in steps:
        assert {
            layer(spec)
            for spec in suite_specs(sorted(k.asset_key.path[-1] for k in step.check_keys))
        } == {step.node_def.name.removesuffix("_quality")}
