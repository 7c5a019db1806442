"""Every entity lands in its system's native format with exactly the fields of sources.md.

The field lists below are written out literally from sources.md (not imported from
``ingestion.entities``) so that a change on either side is caught here.
"""

from __future__ import annotations

import json
import re

import duckdb
import pytest

SOURCES_MD_FIELDS = {
    "erp/material": "MATNR MAKTX MTART MATKL MEINS BRGEW GEWEI EAN11 LVORM LAEDA",
    "erp/material_plant": "MATNR WERKS PLIFZ EISBE STPRS PEINH WAERS",
    "erp/vendor": "LIFNR NAME1 LAND1 KTOKK SPERR",
    "erp/customer": "KUNNR NAME1 LAND1 REGIO VTWEG HKUNNR ERDAT",
    # sources.md's fields, then the PO release (FRGSX FRGKE FRGZU) of issue 19
    # (docs/extract-contract.md): optional in the contract, always delivered by the generator
    "erp/purchase_order_item": "EBELN EBELP BSART LIFNR MATNR WERKS MENGE MEINS NETPR PEINH "
    "WAERS BEDAT EINDT KONNR KTPNR EKGRP LOEKZ AEDAT FRGSX FRGKE FRGZU",
    "erp/goods_receipt": "MBLNR MJAHR ZEILE EBELN EBELP MATNR WERKS BUDAT MENGE BWART",
    "erp/sales_order_item": "VBELN POSNR KUNNR KUNWE MATNR WERKS KWMENG NETWR WAERS ERDAT "
    "VDATU VTWEG LPRIO ABGRU AEDAT",
    "erp/delivery_item": "VBELN POSNR VGBEL VGPOS MATNR LFIMG WADAT_IST",
    "erp/stock": "MATNR WERKS LABST INSME SPEME",
    "erp/fx_rate": "FCURR TCURR GDATU UKURS",
    "tms/shipment": "shipment_id carrier_id mode origin_plant ship_to deliveries "
    "planned_pickup_at picked_up_at planned_delivery_at delivered_at "
    "distance_km weight temperature_controlled temperature_excursion status "
    "updated_at",
    "tms/freight_charge": "charge_id shipment_id carrier_id charge_type amount currency "
    "invoiced_at",
    "tms/carrier": "carrier_id name scac modes",
    "procurement/contract": "contract_id contract_item supplier_id material_id valid_from "
    "valid_to currency price_unit contract_type",
    "procurement/contract_price_tier": "contract_id contract_item min_qty unit_price",
    "procurement/quality_notification": "notification_id supplier_id material_id po_number "
    "po_item inspected_qty defect_qty defect_code "
    "severity created_on",
    "procurement/supplier_assessment": "supplier_id assessed_on supply_risk_score "
    "financial_risk_score sustainability_score iso9001 "
    "country_risk",
    "pos/sales_line": "store_id transaction_id line_no sold_at gtin quantity unit_price "
    "discount_amount currency",
    "pos/store": "store_id customer_id name country timezone",
}
EXTENSION = {"erp": "csv", "tms": "jsonl", "procurement": "csv", "pos": "parquet"}
BOM = b"\xef\xbb\xbf"


def _normal_files(root, manifest, entity):
    """Files of an entity without a deliberate schema defect, in path order."""
    odd = set(manifest["extra_column_files"]) | set(manifest["rejected_files"])
    return [
        root / rel
        for rel in sorted(manifest["files"])
        if rel.startswith(entity + "/") and rel not in odd
    ]


def _header(path) -> list[str]:
    data = path.read_bytes()
    system = path.relative_to(path.parents[3]).parts[0]
    if system == "erp":
        return data.split(b"\n", 1)[0].decode().split("|")
    if system == "procurement":
        line = data.removeprefix(BOM).split(b"\r\n", 1)[0].decode()
        return [f.strip('"') for f in line.split(",")]
    if system == "tms":
        for line in data.decode("utf-8", "replace").splitlines():
            try:
                return list(json.loads(line))
            except json.JSONDecodeError:
                continue
    return duckdb.sql(f"select * from read_parquet('{path}') limit 0").columns


@pytest.mark.parametrize("entity", sorted(SOURCES_MD_FIELDS))
def test_every_entity_lands_with_exactly_its_fields(demo, entity):
    root, manifest = demo
    files = _normal_files(root, manifest, entity)
    assert files, f"no files for {entity}"
    system, name = entity.split("/")
    pattern = re.compile(rf"{name}_(\d{{8}})_(\d{{3}})\.{EXTENSION[system]}")
    for path in files[:40] + files[-40:]:
        date_folder = path.parent.name
        match = pattern.fullmatch(path.name)
        assert match and match.group(1) == date_folder.replace("-", ""), path
        assert _header(path) == SOURCES_MD_FIELDS[entity].split(), path


def test_erp_files_are_pipe_delimited_utf8_with_lf_and_padded_ids(demo):
    root, manifest = demo
    path = _normal_files(root, manifest, "erp/purchase_order_item")[100]
    data = path.read_bytes()
    assert b"\r" not in data and b'"' not in data
    rows = [line.split("|") for line in data.decode().splitlines()[1:]]
    header = SOURCES_MD_FIELDS["erp/purchase_order_item"].split()
    lifnr = [dict(zip(header, row, strict=True))["LIFNR"] for row in rows]
    padded = [x for x in lifnr if re.fullmatch(r"\d{10}", x)]
    assert len(padded) >= 0.95 * len(lifnr) and all(x.startswith("0") for x in padded)
    bedat = [dict(zip(header, row, strict=True))["BEDAT"] for row in rows]
    assert all(re.fullmatch(r"20\d{6}", x) or x == "20251340" for x in bedat)
    matnr = [dict(zip(header, r, strict=True))["MATNR"] for r in rows]
    assert any(re.fullmatch(r"0{6,}\d+", m) and len(m) == 18 for m in matnr)
    customers = (root / "erp/customer/2025-01-01/customer_20250101_001.csv").read_text()
    kunnr = [line.split("|")[0] for line in customers.splitlines()[1:]]
    assert all(len(k) == 10 and k.startswith("0000") for k in kunnr)


def test_erp_reversals_and_returns_carry_a_trailing_minus(demo):
    root, _ = demo
    rel = duckdb.sql(f"""
        select BWART, MENGE from read_csv('{root}/erp/goods_receipt/*/*.csv', delim='|',
            header=true, all_varchar=true, quote='', escape='', ignore_errors=true,
            union_by_name=true)
        where BWART in ('101', '102', '122')
    """).fetchall()
    kinds = {b for b, _ in rel}
    assert kinds == {"101", "102", "122"}
    for bwart, menge in rel:
        if menge in ("12,5x",):
            continue
        if bwart == "101":
            assert re.fullmatch(r"\d+\.\d{3}", menge), menge
        else:
            assert re.fullmatch(r"\d+\.\d{3}-", menge), menge


def test_erp_currencies_weight_units_and_inverse_fx(demo):
    root, _ = demo
    so = duckdb.sql(f"""
        select distinct WAERS from read_csv('{root}/erp/sales_order_item/*/*.csv', delim='|',
            header=true, all_varchar=true, quote='', escape='', ignore_errors=true,
            union_by_name=true)""").fetchall()
    assert {"EUR", "USD", "GBP"} <= {w for (w,) in so}
    units = duckdb.sql(f"""select distinct GEWEI from read_csv(
        '{root}/erp/material/2025-01-01/*.csv', delim='|', header=true, all_varchar=true)
    """).fetchall()
    assert {u for (u,) in units} == {"KG", "G", "LB"}
    fx = duckdb.sql(f"""select FCURR, TCURR, count(*) from read_csv(
        '{root}/erp/fx_rate/2025-12-31/*.csv', delim='|', header=true, all_varchar=true)
        group by all""").fetchall()
    pairs = {(f, t) for f, t, _ in fx}
    assert ("USD", "EUR") in pairs and ("GBP", "EUR") in pairs
    assert ("EUR", "SGD") in pairs and ("SGD", "EUR") not in pairs


def test_procurement_files_are_crlf_csv_some_with_bom_and_unpadded_ids(demo):
    root, manifest = demo
    files = _normal_files(root, manifest, "procurement/contract")
    data = [f.read_bytes() for f in files]
    assert any(d.startswith(BOM) for d in data) and any(not d.startswith(BOM) for d in data)
    for blob in data:
        text = blob.removeprefix(BOM).decode()
        assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    rows = duckdb.sql(f"""select supplier_id, material_id, contract_type from read_csv(
        '{files[0]}', header=true, all_varchar=true)""").fetchall()
    assert {t for *_, t in rows} == {"FIXED", "TIERED"}
    assert all(not s.startswith("0") for s, _, _ in rows)


def test_tms_shipments_have_offsets_weight_objects_and_progress(demo):
    root, manifest = demo
    offsets, units, statuses = set(), set(), {}
    for path in _normal_files(root, manifest, "tms/shipment"):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                continue
            stamp = row["updated_at"]
            offsets.add("Z" if stamp.endswith("Z") else stamp[-6:])
            units.add(row["weight"]["unit"])
            assert isinstance(row["deliveries"], list)
            statuses.setdefault(row["shipment_id"], []).append(row["status"])
            if row["status"] != "DELIVERED":
                assert row["delivered_at"] is None
    assert {"+01:00", "+02:00", "-05:00", "-04:00", "+08:00", "Z"} <= offsets
    assert units == {"kg", "lb"}
    progressed = [s for s in statuses.values() if s[:3] == ["PLANNED", "IN_TRANSIT", "DELIVERED"]]
    assert len(progressed) > 100
    assert any("CANCELLED" in s for s in statuses.values())


def test_tms_charges_cover_every_type_and_several_currencies(demo):
    root, _ = demo
    rows = duckdb.sql(f"""select charge_type, currency from read_json(
        '{root}/tms/freight_charge/*/*.jsonl', format='newline_delimited',
        ignore_errors=true, columns={{'charge_type': 'VARCHAR', 'currency': 'VARCHAR'}})
        where charge_type is not null and currency is not null
    """).fetchall()
    assert {t for t, _ in rows} == {
        "LINEHAUL",
        "FUEL",
        "ACCESSORIAL",
        "DETENTION",
        "EXPEDITE",
        "RETURN",
    }
    assert {"EUR", "USD", "GBP"} <= {c for _, c in rows}


def test_pos_parquet_types_time_zones_and_returns(demo):
    root, _ = demo
    schema = dict(
        duckdb.sql(f"""select column_name, column_type from (describe select *
        from read_parquet('{root}/pos/sales_line/2025-03-30/sales_line_20250330_001.parquet'))
    """).fetchall()
    )
    assert schema == {
        "store_id": "VARCHAR",
        "transaction_id": "VARCHAR",
        "line_no": "INTEGER",
        "sold_at": "TIMESTAMP",
        "gtin": "VARCHAR",
        "quantity": "INTEGER",
        "unit_price": "DECIMAL(12,2)",
        "discount_amount": "DECIMAL(12,2)",
        "currency": "VARCHAR",
    }
    zones = {
        z
        for (z,) in duckdb.sql(f"""select distinct timezone from read_parquet(
        '{root}/pos/store/2025-12-31/*.parquet')""").fetchall()
    }
    assert {"Europe/Berlin", "Europe/London", "America/New_York", "Asia/Singapore"} <= zones
    negative = duckdb.sql(f"""select count(*) from read_parquet(
        '{root}/pos/sales_line/*/*.parquet', union_by_name=true) where quantity < 0
    """).fetchall()[0][0]
    assert negative > 0


def test_snapshots_arrive_on_day_0_every_28_days_and_the_last_day(demo):
    root, _ = demo
    folders = sorted(p.name for p in (root / "erp/vendor").iterdir())
    assert folders[:3] == ["2025-01-01", "2025-01-29", "2025-02-26"]
    assert folders[-1] == "2025-12-31" and len(folders) == 14
    assert len(list((root / "erp/stock").iterdir())) == 365
