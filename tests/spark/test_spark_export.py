"""The raw -> Parquet export that the Spark target reads: layout, types and refusals."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from ingestion import ensure_raw_schema
from ingestion.export import ExportError, export_raw, folder_name, main


def _warehouse(tmp_path: Path) -> Path:
    """A raw schema with two POS lines on two extract dates and one ledger row."""
    path = tmp_path / "warehouse.duckdb"
    conn = duckdb.connect(str(path))
    ensure_raw_schema(conn)
    conn.execute(
        """
        insert into raw.pos__sales_line values
            ('S1', 'T1', 1, timestamp '2025-03-30 02:30:00', '400', 2, 9.99, 0.00, 'EUR',
             'a.parquet', date '2025-03-30', 1, 'L1', timestamp '2025-03-31 06:00:00'),
            ('S1', 'T2', 1, timestamp '2025-03-31 10:00:00', '400', 1, 1.50, 0.25, 'EUR',
             'b.parquet', date '2025-03-31', 1, 'L2', timestamp '2025-04-01 06:00:00')
        """
    )
    conn.execute(
        "insert into raw._file_ledger values ('pos/sales_line', date '2025-03-30', 'h', "
        "'a.parquet', 'L1', timestamp '2025-03-31 06:00:00', 1, 1, 0, '')"
    )
    conn.close()
    return path


def test_entity_tables_are_partitioned_by_extract_date(tmp_path: Path) -> None:
    exported = {t.table: t for t in export_raw(_warehouse(tmp_path), tmp_path / "out")}
    sales = exported["pos__sales_line"]
    assert sales.rows == 2
    assert sorted(p.name for p in sales.path.iterdir()) == [
        "_extract_date=2025-03-30",
        "_extract_date=2025-03-31",
    ]


def test_partition_column_stays_in_the_files_with_its_position(tmp_path: Path) -> None:
    export_raw(_warehouse(tmp_path), tmp_path / "out")
    files = sorted((tmp_path / "out" / "pos__sales_line").glob("*/*.parquet"))
    conn = duckdb.connect()
    names = [row[0] for row in conn.execute(f"describe select * from '{files[0]}'").fetchall()]
    assert names[9:11] == ["_source_file", "_extract_date"]


def test_types_cross_exactly_and_timestamps_become_utc_instants(tmp_path: Path) -> None:
    export_raw(_warehouse(tmp_path), tmp_path / "out")
    conn = duckdb.connect()
    conn.execute("set TimeZone = 'UTC'")
    sold_at, price, extract_date, loaded_at = conn.execute(
        "select sold_at, unit_price, _extract_date, _loaded_at from read_parquet("
        f"'{tmp_path / 'out' / 'pos__sales_line'}/*/*.parquet', hive_partitioning = false)"
        " where transaction_id = 'T1'"
    ).fetchone()
    # The local wall clock of the source is kept as the same wall clock in UTC.
    assert sold_at == datetime(2025, 3, 30, 2, 30, tzinfo=UTC)
    assert loaded_at == datetime(2025, 3, 31, 6, 0, tzinfo=UTC)
    assert price == Decimal("9.99")
    assert extract_date == date(2025, 3, 30)


def test_bookkeeping_folders_drop_the_leading_underscore(tmp_path: Path) -> None:
    exported = {t.table: t for t in export_raw(_warehouse(tmp_path), tmp_path / "out")}
    assert folder_name("_file_ledger") == "file_ledger"
    assert exported["_file_ledger"].path == tmp_path / "out" / "file_ledger"
    assert exported["_file_ledger"].rows == 1


def test_empty_tables_still_carry_their_schema(tmp_path: Path) -> None:
    exported = {t.table: t for t in export_raw(_warehouse(tmp_path), tmp_path / "out")}
    carrier = exported["tms__carrier"]
    assert carrier.rows == 0
    conn = duckdb.connect()
    names = [
        r[0] for r in conn.execute(f"describe select * from '{carrier.path}/*.parquet'").fetchall()
    ]
    assert names[:2] == ["carrier_id", "name"]
    assert "_extract_date" in names


def test_types_spark_cannot_read_exactly_are_refused(tmp_path: Path) -> None:
    path = _warehouse(tmp_path)
    conn = duckdb.connect(str(path))
    conn.execute("alter table raw.tms__carrier add column big hugeint")
    conn.close()
    with pytest.raises(ExportError, match=r"raw\.tms__carrier\.big: type HUGEINT"):
        export_raw(path, tmp_path / "out")


def test_missing_warehouse_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(tmp_path / "nope.duckdb"), str(tmp_path / "out")]) == 1
    assert "warehouse not found" in capsys.readouterr().err
