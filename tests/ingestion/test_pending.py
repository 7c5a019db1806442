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
