"""The publication asset waits for the marts' blocking checks: a real `materialize` of the
marts (stand-ins over a copy of the demo warehouse), a mart's quality suite and the
`publication` asset. A failing check leaves the current release byte-identical."""

from __future__ import annotations

import shutil

import dagster as dg
import duckdb
import pytest

from chainseg.summary import publication_line
from expectations.ownership import mart_models
from expectations.registry import suite_specs
from orchestration.defs.publish import PUBLICATION, publication
from orchestration.defs.quality import quality_checks
from orchestration.warehouse import WarehouseResource
from publication import current_release
from tests.pipeline_fixtures import built_demo_warehouse
from tests.publication.published import fingerprint

CHECKED = "mart_supplier_segments"


def _stand_in(mart: str) -> dg.AssetsDefinition:
    @dg.asset(key=[mart])
    def _mart() -> None:
        """Already built in the warehouse copy."""

    return _mart


def _materialize() -> dg.ExecuteInProcessResult:
    [spec] = suite_specs([CHECKED])
    return dg.materialize(
        [*(_stand_in(m) for m in mart_models()), *quality_checks([spec]), publication],
        resources={"warehouse": WarehouseResource()},
        raise_on_error=False,
    )


def _published(result: dg.ExecuteInProcessResult) -> bool:
    return any(e.asset_key == PUBLICATION for e in result.get_asset_materialization_events())


@pytest.fixture
def home(tmp_path, monkeypatch):
    shutil.copyfile(built_demo_warehouse(), tmp_path / "warehouse.duckdb")
    monkeypatch.setenv("CHAINSEG_HOME", str(tmp_path))
    monkeypatch.setenv("CHAINSEG_WAREHOUSE", str(tmp_path / "warehouse.duckdb"))
    return tmp_path


def test_publication_is_downstream_of_every_mart_and_every_checked_asset():
    upstream = {key.path[-1] for key in publication.asset_deps[PUBLICATION]}

    assert upstream == set(mart_models()) | {spec.asset_key[-1] for spec in suite_specs()}


def test_a_failing_blocking_mart_check_leaves_the_publication_byte_identical(home):
    first = _materialize()
    assert first.success and _published(first)
    release = current_release(home / "publish")
    before = fingerprint(home / "publish")
    conn = duckdb.connect(str(home / "warehouse.duckdb"))
    try:  # a supplier in a quadrant its impact and risk do not give
        conn.execute(
            f"update marts.{CHECKED} set kraljic_segment = case kraljic_segment "
            "when 'routine' then 'strategic' else 'routine' end "
            f"where supplier_id = (select min(supplier_id) from marts.{CHECKED})"
        )
    finally:
        conn.close()

    second = _materialize()

    [evaluation] = second.get_asset_check_evaluations()
    assert evaluation.passed is False
    assert evaluation.severity == dg.AssetCheckSeverity.ERROR
    assert not _published(second)
    assert fingerprint(home / "publish") == before
    assert publication_line(second, home / "publish", checks_failed=1) == (
        f"publication: not updated (blocking checks failed); current release {release} kept"
    )
