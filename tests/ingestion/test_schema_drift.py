"""Schema drift: extra columns or keys are ignored and reported; a missing required column
rejects the whole file, naming the column, while the rest of the run continues."""

from __future__ import annotations

from landed import MATERIAL_HEADER, land, land_parquet, material_row, rows

from ingestion import load_landing
from ingestion.entities import LOAD_METADATA

STORE = (
    "select 'S1' as store_id, '4711' as customer_id, 'Main St' as name, 'DE' as country, "
    "'Europe/Berlin' as timezone"
)


def _result(results, qualified):
    return next(r for r in results if r.entity == qualified)


def test_extra_csv_column_is_ignored_and_reported(conn, landing):
    land(
        landing,
        "erp/material",
        "2025-01-01",
        "material_20250101_001.csv",
        f"ZZ_NEW|{MATERIAL_HEADER}\nnew-value|{material_row('M1')}\n",
    )

    result = _result(load_landing(conn, landing, entities=["erp/material"]), "erp/material")

    assert result.extra_columns == ["zz_new"]
    assert rows(conn, "select matnr, maktx from raw.erp__material") == [("M1", "Widget")]
    assert rows(conn, "select extra_columns from raw._file_ledger") == [("zz_new",)]


def test_missing_required_column_rejects_the_file_and_the_run_goes_on(conn, landing):
    without_laeda = MATERIAL_HEADER.removesuffix("|LAEDA")
    land(
        landing,
        "erp/material",
        "2025-01-01",
        "material_20250101_001.csv",
        f"{without_laeda}\n{material_row('M1').rsplit('|', 1)[0]}\n",
    )
    land(
        landing,
        "erp/material",
        "2025-01-02",
        "material_20250102_001.csv",
        f"{MATERIAL_HEADER}\n{material_row('M2')}\n",
    )
    land(
        landing,
        "erp/vendor",
        "2025-01-01",
        "vendor_20250101_001.csv",
        "LIFNR|NAME1|LAND1|KTOKK|SPERR\n0000004711|Acme|DE|LIEF|\n",
    )

    results = load_landing(conn, landing, entities=["erp/material", "erp/vendor"])

    material = _result(results, "erp/material")
    assert (material.files_loaded, material.files_rejected) == (1, 1)
    assert material.errors == [
        "erp/material/2025-01-01/material_20250101_001.csv: missing required column laeda"
    ]
    assert rows(conn, "select matnr from raw.erp__material") == [("M2",)]
    assert rows(conn, "select source_file, reason from raw._file_rejections") == [
        ("erp/material/2025-01-01/material_20250101_001.csv", "missing required column laeda"),
    ]
    assert rows(conn, "select count(*) from raw._file_ledger where entity = 'erp/material'") == [
        (1,)
    ]
    assert _result(results, "erp/vendor").rows_loaded == 1


def test_extra_json_key_is_reported_and_missing_key_rejects_the_file(conn, landing):
    land(
        landing,
        "tms/carrier",
        "2025-01-01",
        "carrier_20250101_001.jsonl",
        '{"carrier_id": "C1", "name": "n", "scac": "s", "modes": [], "rating": 5}\n',
    )
    land(
        landing,
        "tms/carrier",
        "2025-01-02",
        "carrier_20250102_001.jsonl",
        '{"carrier_id": "C1", "name": "n", "modes": []}\n',
    )

    result = _result(load_landing(conn, landing, entities=["tms/carrier"]), "tms/carrier")

    assert result.extra_columns == ["rating"]
    assert result.errors == [
        "tms/carrier/2025-01-02/carrier_20250102_001.jsonl: missing required column scac"
    ]
    assert rows(conn, "select carrier_id, _extract_date::varchar from raw.tms__carrier") == [
        ("C1", "2025-01-01"),
    ]
    assert rows(conn, "select count(*) from raw._quarantine") == [(0,)]


def test_parquet_extra_column_reported_and_missing_column_rejected(conn, landing):
    land_parquet(
        landing, "pos/store", "2025-01-01", "store_001.parquet", STORE + ", 42 as floor_space"
    )
    land_parquet(
        landing,
        "pos/store",
        "2025-01-29",
        "store_001.parquet",
        "select 'S2' as store_id, 'Side St' as name",
    )

    result = _result(load_landing(conn, landing, entities=["pos/store"]), "pos/store")

    assert result.extra_columns == ["floor_space"]
    assert result.errors == [
        "pos/store/2025-01-29/store_001.parquet: "
        "missing required columns customer_id, country, timezone"
    ]
    assert rows(conn, "select store_id, timezone, _row_number from raw.pos__store") == [
        ("S1", "Europe/Berlin", 1),
    ]


def test_parquet_sales_lines_keep_their_types(conn, landing):
    land_parquet(
        landing,
        "pos/sales_line",
        "2025-03-30",
        "sales_line_001.parquet",
        """
        select 'S1' as store_id, 'T' || i as transaction_id, cast(i as integer) as line_no,
            timestamp '2025-03-30 02:30:00' as sold_at, '4006381333931' as gtin,
            cast(-1 as integer) as quantity, cast(2.50 as decimal(12, 2)) as unit_price,
            cast(0 as decimal(12, 2)) as discount_amount, 'EUR' as currency
        from range(1, 4) as r(i)""",
    )

    load_landing(conn, landing, entities=["pos/sales_line"])

    assert rows(
        conn,
        "select typeof(sold_at), typeof(quantity), typeof(unit_price), "
        "max(_row_number), count(*) from raw.pos__sales_line group by all",
    ) == [
        ("TIMESTAMP", "INTEGER", "DECIMAL(12,2)", 3, 3),
    ]


PO_HEADER_BEFORE_RELEASE = (
    "EBELN|EBELP|BSART|LIFNR|MATNR|WERKS|MENGE|MEINS|NETPR|PEINH|WAERS|BEDAT|EINDT|KONNR|KTPNR"
    "|EKGRP|LOEKZ|AEDAT"
)
PO_ROW_BEFORE_RELEASE = (
    "4500000001|00010|NB|0000070001|000000000010000001|1000|5.000|ST|9.50|1|EUR|20250101"
    "|20250115|||001||20250101"
)


def test_a_file_without_the_optional_release_fields_loads_them_empty(conn, landing):
    """FRGSX/FRGKE/FRGZU joined the contract after files were delivered: an older file
    without them is not rejected; a newer one delivers them, in any position."""
    land(
        landing,
        "erp/purchase_order_item",
        "2025-01-01",
        "purchase_order_item_20250101_001.csv",
        f"{PO_HEADER_BEFORE_RELEASE}\n{PO_ROW_BEFORE_RELEASE}\n",
    )
    land(
        landing,
        "erp/purchase_order_item",
        "2025-01-02",
        "purchase_order_item_20250102_001.csv",
        f"FRGZU|FRGKE|FRGSX|{PO_HEADER_BEFORE_RELEASE}\n"
        f"XX|R|S2|{PO_ROW_BEFORE_RELEASE.replace('4500000001', '4500000002')}\n",
    )

    result = _result(
        load_landing(conn, landing, entities=["erp/purchase_order_item"]),
        "erp/purchase_order_item",
    )

    assert (result.files_loaded, result.files_rejected) == (2, 0)
    assert rows(
        conn, "select ebeln, frgsx, frgke, frgzu from raw.erp__purchase_order_item order by 1"
    ) == [("4500000001", None, None, None), ("4500000002", "S2", "R", "XX")]


def test_a_raw_table_made_before_an_optional_field_gains_the_column(conn, landing):
    conn.execute("create schema raw")
    columns = ", ".join(
        [f"{c} varchar" for c in PO_HEADER_BEFORE_RELEASE.lower().split("|")]
        + [f"{name} {sql_type}" for name, sql_type in LOAD_METADATA]
    )
    conn.execute(f"create table raw.erp__purchase_order_item ({columns})")
    land(
        landing,
        "erp/purchase_order_item",
        "2025-01-01",
        "purchase_order_item_20250101_001.csv",
        f"{PO_HEADER_BEFORE_RELEASE}|FRGSX|FRGKE|FRGZU\n{PO_ROW_BEFORE_RELEASE}|S1|R|X\n",
    )

    load_landing(conn, landing, entities=["erp/purchase_order_item"])

    assert rows(conn, "select frgsx, frgke, frgzu from raw.erp__purchase_order_item") == [
        ("S1", "R", "X")
    ]
