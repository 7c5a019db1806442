"""Ingestion of generator data with defects reconciles with the generator's manifest."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import duckdb
import pytest

from generator import defects, generate
from ingestion import load_landing, text
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


def test_reading_in_many_small_chunks_loads_the_same_rows(loaded, tmp_path, monkeypatch):
    """Files are read in groups of at most ``CHUNK_BYTES``: groups of a few files each load
    every row, quarantined line and ledger figure as one group per entity does."""
    _, conn, _, landing = loaded
    monkeypatch.setattr(text, "CHUNK_BYTES", 1 << 16)
    with duckdb.connect(str(tmp_path / "small_chunks.duckdb")) as small:
        load_landing(small, landing)
    conn.execute(f"attach '{tmp_path / 'small_chunks.duckdb'}' as small (read_only)")
    compared = {f"raw.{e.raw_table}": "_load_id, _loaded_at" for e in ENTITIES}
    compared["raw._quarantine"] = "load_id, quarantined_at"
    compared["raw._file_ledger"] = "load_id, loaded_at"
    try:
        for one, varying in compared.items():
            kept, many = f"* exclude ({varying})", one.replace("raw.", "small.raw.")
            count = "select count(*) from {}"
            assert (
                conn.execute(count.format(many)).fetchone()
                == conn.execute(count.format(one)).fetchone()
            ), one
            differ = conn.execute(
                f"select count(*) from ((select {kept} from {one} except all "
                f"select {kept} from {many}) union all (select {kept} from {many} "
                f"except all select {kept} from {one}))"
            ).fetchone()
            assert differ == (0,), one
    finally:
        conn.execute("detach small")


#: Numbered lines of one file ($path) and whether each is a JSON object.
_LINES = """(
    select ordinality as n, line,
        coalesce(json_valid(line) and starts_with(ltrim(line), '{'), false) as ok
    from read_csv($path, columns = {'line': 'VARCHAR'}, header = false,
        delim = '\x00', quote = '', escape = '', auto_detect = false)
        with ordinality
)"""


def test_json_lines_load_as_a_plain_line_by_line_reading_says(loaded):
    """Every JSON Lines file loaded is, row for row, what a plain reading of its lines
    gives (the rules as main first implemented them, one function per rule): a line that
    ``json_valid`` accepts and that starts with "{" loads at its line number with
    ``json_extract_string`` of each declared key; every other line is quarantined at its
    line number; the keys of the loaded lines beyond the declared ones are reported."""
    _, conn, _, landing = loaded
    checked = 0
    for entity in [e for e in ENTITIES if e.format == "jsonl"]:
        files = conn.execute(
            "select source_file, extra_columns from raw._file_ledger where entity = ?",
            [entity.qualified],
        ).fetchall()
        names = ", ".join(f'"{c}"' for c in entity.columns)
        paths = ", ".join(f"'$.\"{f}\"'" for f in entity.fields)
        values = ", ".join(f"v[{k}]" for k in range(1, len(entity.fields) + 1))
        for source_file, extra in files:
            path = {"path": str(landing / source_file)}
            expected_rows = conn.execute(
                f"select n, {values} from (select n, json_extract_string(line, [{paths}]) "
                f"as v from {_LINES} where ok) order by n",
                path,
            ).fetchall()
            assert (
                expected_rows
                == conn.execute(
                    f"select _row_number, {names} from raw.{entity.raw_table} "
                    "where _source_file = ? order by 1",
                    [source_file],
                ).fetchall()
            ), source_file
            expected_bad = conn.execute(
                f"select n, line from {_LINES} where not ok order by n", path
            ).fetchall()
            assert (
                expected_bad
                == conn.execute(
                    "select row_number, raw_text from raw._quarantine where source_file = ? "
                    "order by 1",
                    [source_file],
                ).fetchall()
            ), source_file
            keys = conn.execute(
                f"select distinct unnest(json_keys(line)) from {_LINES} where ok", path
            ).fetchall()
            assert extra == ",".join(sorted({k for (k,) in keys} - set(entity.fields)))
            checked += 1
    assert checked > 0
