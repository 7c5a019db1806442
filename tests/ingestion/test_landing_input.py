"""Bad input: one-line errors, and paths outside the landing layout reported, not fatal."""

from __future__ import annotations

from datetime import date

import pytest
from landed import MATERIAL, MATERIAL_HEADER, land, land_parquet, material_row, rows

from ingestion import (
    LandingError,
    discover,
    ensure_raw_schema,
    load_entity,
    load_landing,
)
from ingestion.entities import ENTITIES


def test_missing_landing_folder_is_a_one_line_error(tmp_path):
    with pytest.raises(LandingError) as error:
        discover(tmp_path / "nowhere")

    assert "landing folder not found" in str(error.value)
    assert "\n" not in str(error.value)


def test_discover_groups_files_by_entity_and_date_and_ignores_the_manifest(landing):
    first = land(landing, "erp/material", "2025-01-01", "b.csv", "x")
    second = land(landing, "erp/material", "2025-01-01", "a.csv", "x")
    land(landing, "tms/carrier", "2025-01-02", "c.jsonl", "{}")
    (landing / "_manifest.json").write_text("{}")

    found = discover(landing)

    assert found["erp/material"] == {date(2025, 1, 1): [second, first]}
    assert list(found["tms/carrier"]) == [date(2025, 1, 2)]
    assert found.problems == {}


def test_discover_of_named_entities_walks_only_their_folders(landing):
    land(landing, "erp/material", "2025-01-01", "a.csv", "x")
    land(landing, "erp/material", "20250102", "b.csv", "x")
    land(landing, "tms/carrier", "2025-01-02", "c.jsonl", "{}")
    land(landing, "erp/unknown_table", "2025-01-01", "x.csv", "x")

    found = discover(landing, ["erp/material"])

    assert list(found) == ["erp/material"]
    assert list(found["erp/material"]) == [date(2025, 1, 1)]
    # The named entity's own stray folder is still reported; other folders are not looked at.
    assert list(found.problems) == ["erp/material"]


def test_bad_folders_and_files_are_rejections_not_crashes(conn, landing):
    land(
        landing,
        "erp/material",
        "2025-01-01",
        "material_20250101_001.csv",
        f"{MATERIAL_HEADER}\n{material_row('M1')}\n",
    )
    land(landing, "erp/material", "20250102", "material.csv", "x")
    land(landing, "erp/material", "2025-01-03", "notes.txt", "x")
    land(landing, "erp/unknown_table", "2025-01-01", "x.csv", "x")

    results = load_landing(conn, landing)

    by_entity = {r.entity: r for r in results}
    assert by_entity["erp/material"].rows_loaded == 1
    assert sorted(by_entity["erp/material"].errors) == [
        "erp/material/2025-01-03/notes.txt: not a .csv file: notes.txt",
        "erp/material/20250102: not an extract date folder (YYYY-MM-DD): 20250102",
    ]
    assert by_entity["erp/unknown_table"].errors == [
        "erp/unknown_table: unknown entity folder erp/unknown_table"
    ]
    assert rows(conn, "select count(*) from raw._file_rejections") == [(3,)]


def test_unreadable_file_is_a_one_line_rejection(conn, landing):
    gone = landing / "erp" / "material" / "2025-01-01" / "vanished.csv"

    result = load_entity(conn, MATERIAL, {date(2025, 1, 1): [gone]}, load_id="L1")

    assert result.files_rejected == 1
    assert result.errors == [
        "erp/material/2025-01-01/vanished.csv: unreadable file: No such file or directory"
    ]


def test_unknown_entity_selection_is_a_one_line_error(conn, landing):
    with pytest.raises(LandingError, match="unknown entity erp/nope"):
        load_landing(conn, landing, entities=["erp/nope"])


def test_raw_schema_has_every_table_even_without_files_and_is_idempotent(conn):
    ensure_raw_schema(conn)
    ensure_raw_schema(conn)

    tables = {
        t
        for (t,) in rows(
            conn, "select table_name from information_schema.tables where table_schema = 'raw'"
        )
    }
    assert tables == {e.raw_table for e in ENTITIES} | {
        "_file_ledger",
        "_quarantine",
        "_file_rejections",
    }
    assert rows(
        conn,
        "select column_name, data_type from information_schema.columns "
        "where table_schema = 'raw' and table_name = 'erp__material' "
        "order by ordinal_position",
    )[-5:] == [
        ("_source_file", "VARCHAR"),
        ("_extract_date", "DATE"),
        ("_row_number", "BIGINT"),
        ("_load_id", "VARCHAR"),
        ("_loaded_at", "TIMESTAMP"),
    ]


def test_a_file_that_fails_mid_load_is_rejected_alone_and_the_others_load(conn, landing):
    # The batched read fails on b.parquet's values; the batch is split down to that file,
    # which is rejected whole with the reader's reason, and a.parquet loads.
    good = """
        select 'S1' as store_id, 'T1' as transaction_id, 1::integer as line_no,
            timestamp '2025-01-01 10:00:00' as sold_at, '4006381333931' as gtin,
            1::integer as quantity, 2.50::decimal(12, 2) as unit_price,
            0::decimal(12, 2) as discount_amount, 'EUR' as currency"""
    land_parquet(landing, "pos/sales_line", "2025-01-01", "a.parquet", good)
    land_parquet(
        landing,
        "pos/sales_line",
        "2025-01-02",
        "b.parquet",
        good.replace("1::integer as quantity", "'many' as quantity"),
    )

    (result,) = load_landing(conn, landing, entities=["pos/sales_line"])

    assert (result.files_loaded, result.files_rejected, result.rows_loaded) == (1, 1, 1)
    assert rows(conn, "select source_file from raw._file_ledger") == [
        ("pos/sales_line/2025-01-01/a.parquet",)
    ]
    ((source_file, reason),) = rows(conn, "select source_file, reason from raw._file_rejections")
    assert source_file == "pos/sales_line/2025-01-02/b.parquet"
    assert reason.startswith("unreadable file: ") and "many" in reason
    assert "\n" not in reason
    assert rows(conn, "select _source_file from raw.pos__sales_line") == [
        ("pos/sales_line/2025-01-01/a.parquet",)
    ]
