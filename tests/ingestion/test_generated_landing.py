"""Ingestion of generator data with defects reconciles with the generator's manifest."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import duckdb
import pytest

from generator import defects, generate
from ingestion import load_landing
from ingestion.entities import ENTITIES

#: Denser ingestion defects than the defaults, so a short run is sure to hold every class
#: (malformed rows, duplicate files, files missing a column, extra columns).
DENSE = {
    "malformed_row": 0.005,
    "duplicate_file": 0.05,
    "missing_required_column": 0.03,
    "extra_column": 0.05,
}


@pytest.fixture(
    scope="module",
    params=[
        pytest.param((60, DENSE), id="60d-dense"),
        pytest.param((365, {}), id="365d-default", marks=pytest.mark.slow),
    ],
)
def loaded(request, tmp_path_factory):
    days, rates = request.param
    folder = tmp_path_factory.mktemp("generated")
    landing = folder / "landing"
    with pytest.MonkeyPatch.context() as patch:
        for defect, rate in rates.items():
            patch.setitem(defects.RATES, defect, rate)
        manifest = generate(landing, scale=0.01, days=days, seed=7)
    conn = duckdb.connect(str(folder / "warehouse.duckdb"))
    results = {r.entity: r for r in load_landing(conn, landing)}
    yield manifest, conn, results, landing
    conn.close()


def _injected(manifest, defect: str) -> dict[str, int]:
    counts = manifest["injected"].get(defect, {})
    return {e.qualified: counts.get(e.qualified, 0) for e in ENTITIES}


def test_quarantined_rows_equal_injected_malformed_rows(loaded):
    manifest, _, results, _ = loaded

    quarantined = {name: results[name].rows_quarantined for name in _injected(manifest, "x")}

    assert quarantined == _injected(manifest, "malformed_row")
    assert sum(quarantined.values()) > 0  # the run must exercise quarantine at all


def test_duplicate_files_are_skipped_once_each(loaded):
    manifest, _, results, _ = loaded

    skipped = {name: results[name].files_skipped for name in _injected(manifest, "x")}

    assert skipped == _injected(manifest, "duplicate_file")
    assert sum(skipped.values()) > 0


def test_files_missing_a_column_are_rejected_with_their_rows(loaded):
    manifest, conn, results, _ = loaded
    rejected = {name: results[name].files_rejected for name in _injected(manifest, "x")}

    assert rejected == _injected(manifest, "missing_required_column")
    assert sum(rejected.values()) > 0
    assert {
        Path(f).as_posix()
        for (f,) in conn.execute("select source_file from raw._file_rejections").fetchall()
    } == set(manifest["rejected_files"])
    reasons = [r for (r,) in conn.execute("select reason from raw._file_rejections").fetchall()]
    assert all(r.startswith("missing required column") for r in reasons)


def test_files_with_an_extra_column_are_loaded_and_reported(loaded):
    manifest, conn, results, _ = loaded
    with_extra = Counter(
        entity
        for (entity,) in conn.execute(
            "select entity from raw._file_ledger where extra_columns <> ''"
        ).fetchall()
    )

    assert dict(with_extra) == {k: v for k, v in _injected(manifest, "extra_column").items() if v}
    for name, columns in manifest["extra_column_names"].items():
        assert results[name].extra_columns == sorted(c.lower() for c in columns)


def test_every_loaded_file_balances_and_matches_the_manifest_row_count(loaded):
    manifest, conn, _, _ = loaded
    ledger = conn.execute(
        "select source_file, rows_read, rows_loaded, rows_quarantined from raw._file_ledger"
    ).fetchall()

    assert ledger
    for source_file, read, loaded_rows, quarantined in ledger:
        assert read == loaded_rows + quarantined
        assert read == manifest["files"][source_file]["rows"], source_file


def test_loading_the_generated_landing_again_adds_nothing(loaded):
    _, conn, _, landing = loaded
    before = conn.execute("select count(*) from raw._file_ledger").fetchall()

    again = load_landing(conn, landing)

    assert sum(r.files_loaded for r in again) == 0
    assert conn.execute("select count(*) from raw._file_ledger").fetchall() == before
