"""The ledger decides which landed files are new: late part files, not copies or rejects."""

from __future__ import annotations

from datetime import date

import duckdb
from landed import MATERIAL_HEADER, land, material_row

from ingestion import load_landing
from ingestion.pending import pending_files


def _body(*matnrs: str) -> str:
    return "\n".join([MATERIAL_HEADER, *(material_row(m) for m in matnrs)]) + "\n"


def test_without_a_warehouse_every_landed_file_is_pending(tmp_path, landing):
    land(landing, "erp/material", "2025-01-01", "material_20250101_001.csv", _body("A1"))

    pending = pending_files(tmp_path / "none.duckdb", landing)

    assert pending.dates == {date(2025, 1, 1)}
    assert pending.late == []


def test_a_part_file_added_to_a_loaded_date_is_pending_and_late(tmp_path, landing):
    warehouse = tmp_path / "warehouse.duckdb"
    land(landing, "erp/material", "2025-01-01", "material_20250101_001.csv", _body("A1"))
    land(landing, "erp/material", "2025-01-01", "material_20250101_009.csv", "")  # rejected
    with duckdb.connect(str(warehouse)) as conn:
        load_landing(conn, landing)
    assert pending_files(warehouse, landing).files == {}

    land(landing, "erp/material", "2025-01-01", "material_20250101_002.csv", _body("A2"))
    # the same bytes under another name: skipped on load, so not pending either
    land(landing, "erp/material", "2025-01-01", "material_20250101_003.csv", _body("A1"))
    land(landing, "erp/material", "2025-01-02", "material_20250102_001.csv", _body("A3"))

    pending = pending_files(warehouse, landing)

    assert pending.dates == {date(2025, 1, 1), date(2025, 1, 2)}
    assert pending.late == ["erp/material/2025-01-01/material_20250101_002.csv"]


def test_only_the_files_of_a_date_the_ledger_holds_bytes_of_are_read(
    tmp_path, landing, monkeypatch
):
    # a copy under another name can only be one of a date the ledger holds files of: the
    # files of a new date (a fresh warehouse's whole landing) are pending without a read
    import ingestion.pending

    warehouse = tmp_path / "warehouse.duckdb"
    land(landing, "erp/material", "2025-01-01", "material_20250101_001.csv", _body("A1"))
    with duckdb.connect(str(warehouse)) as conn:
        load_landing(conn, landing)
    land(landing, "erp/material", "2025-01-01", "material_20250101_002.csv", _body("A2"))
    land(landing, "erp/material", "2025-01-02", "material_20250102_001.csv", _body("A3"))
    read: list[str] = []
    inspect = ingestion.pending.inspect

    def reading(path, day):
        read.append(path.name)
        return inspect(path, day)

    monkeypatch.setattr(ingestion.pending, "inspect", reading)

    pending = pending_files(warehouse, landing)

    assert pending.dates == {date(2025, 1, 1), date(2025, 1, 2)}
    assert read == ["material_20250101_002.csv"]
