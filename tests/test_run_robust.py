"""`chainseg run` end to end on a landing that holds a night's corrupted files, then a late
file: the run exits 0, and a part file added to an extract date loaded before is loaded by
the next run and named in its summary. (Few days, so two runs stay short.)"""

from __future__ import annotations

import subprocess
from pathlib import Path

import duckdb
import pytest

from generator import generate
from tests.ingestion.corpus import land_corpus
from tests.pipeline_fixtures import chainseg_cli

DAYS = 5


def chainseg(*args: str, home: Path, landing: Path) -> subprocess.CompletedProcess[str]:
    return chainseg_cli(*args, home=home, landing=landing)


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    folder = tmp_path_factory.mktemp("robust")
    landing = folder / "landing"
    generate(landing, scale=0.01, days=DAYS, seed=7)
    expected = land_corpus(landing, "2025-01-04")
    home = folder / "home"
    first = chainseg("run", home=home, landing=landing)
    return landing, home, expected, first


def _ledger(home: Path, sql: str, params: list | None = None) -> list[tuple]:
    conn = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        return conn.execute(sql, params or []).fetchall()
    finally:
        conn.close()


def test_a_run_over_corrupted_files_exits_0_and_accounts_for_each(setup):
    landing, home, expected, first = setup
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    fates = dict(
        _ledger(
            home,
            "select source_file, 'ledger' from raw._file_ledger "
            "union all select source_file, 'rejected' from raw._file_rejections",
        )
    )
    assert set(expected) <= set(fates)
    assert _ledger(
        home,
        "select count(*) from raw._file_ledger where rows_read <> rows_loaded + rows_quarantined",
    ) == [(0,)]


def test_a_file_added_to_a_loaded_date_is_loaded_by_the_next_run(setup):
    landing, home, _, first = setup
    assert first.returncode == 0
    clean = landing / "erp/goods_receipt/2025-01-02/goods_receipt_20250102_001.csv"
    lines = clean.read_text().splitlines()
    late_rows = [f"59{n:08d}|" + line.split("|", 1)[1] for n, line in enumerate(lines[1:4])]
    late = clean.with_name("goods_receipt_20250102_002.csv")
    late.write_text("\n".join([lines[0], *late_rows]) + "\n")

    second = chainseg("run", home=home, landing=landing)

    assert second.returncode == 0, second.stdout[-3000:] + second.stderr[-3000:]
    assert "late files loaded: 1" in second.stdout
    assert "erp/goods_receipt/2025-01-02/goods_receipt_20250102_002.csv" in second.stdout
    assert _ledger(
        home,
        "select rows_read, rows_loaded from raw._file_ledger where source_file = ?",
        ["erp/goods_receipt/2025-01-02/goods_receipt_20250102_002.csv"],
    ) == [(3, 3)]
