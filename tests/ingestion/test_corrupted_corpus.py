"""A night's worth of corrupted files landed into one extract date: ingestion goes on.

Every corrupted file is loaded, quarantined by row or rejected whole with a reason; rows
read = loaded + quarantined per file; and every other file loads exactly as in a clean load.
"""

from __future__ import annotations

import shutil

import duckdb
import pytest
from corpus import land_corpus

from generator import generate
from ingestion import load_landing

DAY = "2025-01-04"


def _raw_rows(conn: duckdb.DuckDBPyConnection, exclude: set[str]) -> dict[str, int]:
    tables = [
        t
        for (t,) in conn.execute(
            "select table_name from duckdb_tables() where schema_name = 'raw' "
            "and not starts_with(table_name, '_')"
        ).fetchall()
    ]
    counts: dict[str, int] = {}
    for table in tables:
        for source_file, n in conn.execute(
            f"select _source_file, count(*) from raw.{table} group by all"
        ).fetchall():
            if source_file not in exclude:
                counts[source_file] = n
    return counts


@pytest.fixture(scope="module")
def loads(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    clean = folder / "clean"
    generate(clean, scale=0.01, days=4, seed=11)
    corrupted = folder / "corrupted"
    shutil.copytree(clean, corrupted)
    expected = land_corpus(corrupted, DAY)
    clean_conn = duckdb.connect(str(folder / "clean.duckdb"))
    load_landing(clean_conn, clean)
    conn = duckdb.connect(str(folder / "corrupted.duckdb"))
    results = load_landing(conn, corrupted)
    yield expected, conn, clean_conn, results
    conn.close()
    clean_conn.close()


def test_every_corrupted_file_is_loaded_quarantined_or_rejected_as_expected(loads):
    expected, conn, _, results = loads
    assert len(expected) >= 19
    for source_file, exp in expected.items():
        ledger = conn.execute(
            "select rows_read, rows_loaded, rows_quarantined from raw._file_ledger "
            "where source_file = ?",
            [source_file],
        ).fetchall()
        rejected = conn.execute(
            "select reason from raw._file_rejections where source_file = ?", [source_file]
        ).fetchall()
        reasons = [
            r
            for (r,) in conn.execute(
                "select distinct reason from raw._quarantine where source_file = ?",
                [source_file],
            ).fetchall()
        ]
        assert len(ledger) + len(rejected) == 1, source_file  # one fate, recorded
        if rejected:
            assert exp.outcome in ("rejected", "any"), (source_file, rejected)
            assert rejected[0][0].strip() and "\n" not in rejected[0][0]
            assert exp.reason.lower() in rejected[0][0].lower(), (source_file, rejected)
            continue
        ((read, loaded, quarantined),) = ledger
        assert read == loaded + quarantined, source_file
        if exp.outcome == "quarantined":
            assert quarantined > 0 and loaded > 0, source_file
            assert any(exp.reason in r for r in reasons), (source_file, reasons)
        else:
            assert exp.outcome in ("loaded", "any"), (source_file, ledger)
            if exp.outcome == "loaded":
                assert quarantined == 0, source_file
    assert all(r.errors == [] or r.files_rejected for r in results)


def test_nul_byte_and_bare_cr_in_a_row_are_quarantined_with_their_raw_text(loads):
    _, conn, _, _ = loads
    ((row_number, raw_text, reason, rule),) = conn.execute(
        "select row_number, raw_text, reason, rule_id from raw._quarantine "
        "where source_file like 'erp/material_plant/%_901.csv'"
    ).fetchall()
    assert (row_number, reason, rule) == (2, "NUL byte in line", "ING01")
    assert "\x00" in raw_text and "\r" in raw_text
    # the rows after it keep their physical numbers
    numbers = [
        n
        for (n,) in conn.execute(
            "select _row_number from raw.erp__material_plant "
            "where _source_file like '%_901.csv' order by 1"
        ).fetchall()
    ]
    assert numbers[:3] == [1, 3, 4]


def test_swapped_headers_are_rejected_naming_the_columns(loads):
    _, conn, _, _ = loads
    ((reason,),) = conn.execute(
        "select reason from raw._file_rejections where source_file like 'erp/goods_receipt/%'"
    ).fetchall()
    assert "budat" in reason and "not a date YYYYMMDD" in reason


def test_no_other_file_is_affected(loads):
    expected, conn, clean_conn, _ = loads
    assert _raw_rows(conn, set(expected)) == _raw_rows(clean_conn, set())
    ledger = "select source_file, rows_read, rows_loaded, rows_quarantined from raw._file_ledger"
    clean = set(clean_conn.execute(ledger).fetchall())
    assert {row for row in conn.execute(ledger).fetchall() if row[0] not in expected} == clean


def test_the_clean_generated_landing_rejects_no_file_for_its_values(loads):
    _, _, clean_conn, _ = loads
    reasons = clean_conn.execute("select reason from raw._file_rejections").fetchall()
    assert not [r for (r,) in reasons if "declared columns" in r or "unreadable" in r]
