"""The file ledger: same bytes on the same date load once, on another date load again;
landing the same folder twice changes nothing."""

from __future__ import annotations

from datetime import date

from landed import MATERIAL, MATERIAL_HEADER, land, material_row, rows

from ingestion import load_entity, load_landing

SNAPSHOT = "\n".join([MATERIAL_HEADER, material_row("M1"), material_row("M2")]) + "\n"


def test_same_file_under_another_name_on_the_same_date_is_loaded_once(conn, landing):
    first = land(landing, "erp/material", "2025-01-01", "material_20250101_001.csv", SNAPSHOT)
    again = land(landing, "erp/material", "2025-01-01", "material_20250101_002.csv", SNAPSHOT)

    result = load_entity(conn, MATERIAL, {date(2025, 1, 1): [first, again]}, load_id="L1")

    assert (result.files_seen, result.files_loaded, result.files_skipped) == (2, 1, 1)
    assert rows(conn, "select count(*), any_value(_source_file) from raw.erp__material") == [
        (2, "erp/material/2025-01-01/material_20250101_001.csv"),
    ]


def test_resent_file_in_a_later_load_is_skipped_whatever_its_name(conn, landing):
    first = land(landing, "erp/material", "2025-01-01", "material_20250101_001.csv", SNAPSHOT)
    load_entity(conn, MATERIAL, {date(2025, 1, 1): [first]}, load_id="L1")
    renamed = land(landing, "erp/material", "2025-01-01", "resent.csv", SNAPSHOT)

    result = load_entity(conn, MATERIAL, {date(2025, 1, 1): [first, renamed]}, load_id="L2")

    assert (result.files_loaded, result.files_skipped, result.rows_loaded) == (0, 2, 0)
    assert rows(conn, "select count(*) from raw.erp__material") == [(2,)]
    assert rows(conn, "select count(*) from raw._file_ledger") == [(1,)]


def test_unchanged_snapshot_on_two_dates_loads_on_both(conn, landing):
    land(landing, "erp/material", "2025-01-01", "material_20250101_001.csv", SNAPSHOT)
    land(landing, "erp/material", "2025-01-29", "material_20250129_001.csv", SNAPSHOT)

    load_landing(conn, landing, entities=["erp/material"])

    assert rows(
        conn, "select _extract_date, count(*) from raw.erp__material group by all order by 1"
    ) == [(date(2025, 1, 1), 2), (date(2025, 1, 29), 2)]
    assert rows(conn, "select count(distinct content_hash), count(*) from raw._file_ledger") == [
        (1, 2),
    ]


def test_ledger_records_per_file_accounting(conn, landing):
    land(
        landing,
        "erp/material",
        "2025-01-01",
        "material_20250101_001.csv",
        SNAPSHOT + "broken line\n",
    )

    load_landing(conn, landing, entities=["erp/material"], load_id="L9")

    assert rows(
        conn,
        "select entity, source_file, load_id, rows_read, rows_loaded, "
        "rows_quarantined, extra_columns from raw._file_ledger",
    ) == [
        ("erp/material", "erp/material/2025-01-01/material_20250101_001.csv", "L9", 3, 2, 1, ""),
    ]


def _fingerprint(conn) -> list[tuple]:
    """Row count and an order-independent checksum of every raw table."""
    tables = [
        t
        for (t,) in rows(
            conn,
            "select table_name from information_schema.tables "
            "where table_schema = 'raw' order by 1",
        )
    ]
    return [
        (t, *rows(conn, f"select count(*), coalesce(sum(hash(x)), 0) from raw.{t} as x")[0])
        for t in tables
    ]


def test_landing_the_same_folder_twice_changes_nothing(conn, landing):
    land(landing, "erp/material", "2025-01-01", "material_20250101_001.csv", SNAPSHOT + "broken\n")
    land(landing, "erp/material", "2025-01-01", "copy.csv", SNAPSHOT + "broken\n")
    land(landing, "erp/vendor", "2025-01-01", "vendor_20250101_001.csv", "LIFNR|NAME1\n1|x\n")
    land(
        landing,
        "tms/carrier",
        "2025-01-01",
        "carrier_20250101_001.jsonl",
        '{"carrier_id": "C1", "name": "n", "scac": "s", "modes": []}\n{bad\n',
    )
    (landing / "erp" / "material" / "not-a-date").mkdir()
    load_landing(conn, landing)
    before = _fingerprint(conn)

    results = load_landing(conn, landing)

    assert _fingerprint(conn) == before
    assert sum(r.files_loaded for r in results) == 0
    assert any(c > 0 for _, c, _ in before)
