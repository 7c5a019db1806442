"""Suites as blocking Dagster asset checks: a real `materialize` of two assets and one check."""

from __future__ import annotations

import subprocess
import sys

import dagster as dg
import duckdb
import pytest
from quality_fixtures import PLANTED_CR03_SQL, QUALITY_NOTIFICATIONS_SQL

from expectations.registry import suite_specs
from orchestration.defs.quality import CHECK_NAME, quality_check
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
    return [staging, mart, quality_check(spec)]


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
