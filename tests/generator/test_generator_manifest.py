"""The manifest's counts equal what is actually in the files (re-counted from the files)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections import Counter, defaultdict

import duckdb
import pytest

BOM = b"\xef\xbb\xbf"

#: Systems that deliver JSON Lines (no header line).
JSON_LINES = ("tms", "iot")


def _files(root, manifest, entity, *, clean_schema=True):
    """Files ingestion would load for an entity: no duplicate copy, optionally no rejected."""
    skip = set(manifest["duplicate_files"])
    if clean_schema:
        skip |= set(manifest["rejected_files"])
    return [
        root / rel
        for rel in sorted(manifest["files"])
        if rel.startswith(entity + "/") and rel not in skip
    ]


def _sql_list(paths) -> str:
    return "[" + ", ".join(f"'{p}'" for p in paths) + "]"


def _erp(con, root, manifest, entity):
    files = _files(root, manifest, entity)
    return con.sql(f"""select * from read_csv({_sql_list(files)}, delim='|', header=true,
        all_varchar=true, quote='', escape='', ignore_errors=true, union_by_name=true)""")


def _data_lines(path) -> list[bytes]:
    data = path.read_bytes().removeprefix(BOM)
    system = path.parts[-4]
    eol = b"\r\n" if system == "procurement" else b"\n"
    lines = data.split(eol)
    assert lines[-1] == b"", path
    return lines[:-1] if system in JSON_LINES else lines[1:-1]


def test_row_counts_per_file_and_entity(demo):
    root, manifest = demo
    per_entity = defaultdict(int)
    for rel, meta in manifest["files"].items():
        path = root / rel
        if path.suffix == ".parquet":
            rows = duckdb.sql(f"select count(*) from read_parquet('{path}')").fetchall()[0][0]
        else:
            rows = len(_data_lines(path))
        assert rows == meta["rows"], rel
        if rel not in manifest["duplicate_files"]:
            per_entity["/".join(rel.split("/")[:2])] += rows
    assert dict(per_entity) == manifest["rows_written"]


def test_duplicate_files_are_same_bytes_in_the_same_folder(demo):
    root, manifest = demo
    assert manifest["duplicate_files"]
    by_folder = defaultdict(Counter)
    for rel, meta in manifest["files"].items():
        by_folder[rel.rsplit("/", 1)[0]][meta["sha256"]] += 1
    repeated = sum(n - 1 for c in by_folder.values() for n in c.values() if n > 1)
    assert repeated == len(manifest["duplicate_files"])
    counts = Counter("/".join(p.split("/")[:2]) for p in manifest["duplicate_files"])
    assert counts == manifest["injected"]["duplicate_file"]
    for copy, original in manifest["duplicate_files"].items():
        assert (root / copy).read_bytes() == (root / original).read_bytes()
        assert copy.rsplit("/", 1)[0] == original.rsplit("/", 1)[0]


def test_unchanged_snapshots_equal_the_previous_delivery(demo):
    root, manifest = demo
    previous = {}
    expected = {}
    for rel in sorted(manifest["files"]):
        if rel in manifest["duplicate_files"]:
            continue
        entity, day = "/".join(rel.split("/")[:2]), rel.split("/")[2]
        part = rel.rsplit("_", 1)[1]
        digest = manifest["files"][rel]["sha256"]
        key = (entity, part)
        if key in previous and previous[key][0] != day and previous[key][1] == digest:
            expected[rel] = digest
        previous[key] = (day, digest)
    delta = {
        "erp/purchase_order_item",
        "erp/goods_receipt",
        "erp/sales_order_item",
        "erp/delivery_item",
        "tms/shipment",
        "tms/freight_charge",
        "procurement/quality_notification",
        "pos/sales_line",
        "iot/shipment_reading",
    }
    expected = {k: v for k, v in expected.items() if "/".join(k.split("/")[:2]) not in delta}
    assert expected == manifest["unchanged_snapshots"]
    stale = manifest["injected"]["unchanged_snapshot"]["erp/stock"]
    observed = sum(1 for k in expected if k.startswith("erp/stock/"))
    assert 0 < stale <= observed


def test_missing_plifz_count(demo):
    root, manifest = demo
    con = duckdb.connect()
    n = (
        _erp(con, root, manifest, "erp/material_plant")
        .filter("PLIFZ is null or trim(PLIFZ) in ('', '0')")
        .aggregate("count(*)")
        .fetchall()[0][0]
    )
    assert n == manifest["injected"]["missing_plifz"]["erp/material_plant"] > 0


def test_quality_notification_defect_counts(demo):
    root, manifest = demo
    con = duckdb.connect()
    vendors = _files(root, manifest, "erp/vendor")
    pos = _files(root, manifest, "erp/purchase_order_item")
    qn = _files(root, manifest, "procurement/quality_notification")
    counts = con.sql(f"""
        with vendor as (
            select distinct ltrim(trim(LIFNR), '0') as supplier_id
            from read_csv({_sql_list(vendors)}, delim='|', header=true, all_varchar=true,
                          quote='', escape='')
        ),
        po as (
            select distinct ltrim(trim(EBELN), '0') as po_number
            from read_csv({_sql_list(pos)}, delim='|', header=true, all_varchar=true,
                          quote='', escape='', ignore_errors=true, union_by_name=true)
        ),
        qn as (
            select *, try_cast(inspected_qty as integer) as insp,
                   try_cast(defect_qty as integer) as defect,
                   nullif(ltrim(trim(supplier_id), '0'), '') as supplier
            from read_csv({_sql_list(qn)}, header=true, all_varchar=true, ignore_errors=true,
                          union_by_name=true, strict_mode=false)
        )
        select
            count(*) filter (where insp >= 0 and defect >= 0 and defect > insp),
            count(*) filter (where insp < 0 or defect < 0),
            count(*) filter (where supplier is null),
            count(*) filter (where supplier not in (select supplier_id from vendor)),
            count(*) filter (where supplier not in (select supplier_id from vendor)
                             and ltrim(trim(po_number), '0') not in (select po_number from po))
        from qn
    """).fetchall()[0]
    injected = manifest["injected"]
    entity = "procurement/quality_notification"
    expected = tuple(
        injected[c].get(entity, 0)
        for c in (
            "defect_gt_inspected",
            "negative_quantity",
            "empty_supplier_id",
            "unknown_supplier_id",
            "unknown_supplier_unresolvable",
        )
    )
    assert counts == expected
    assert all(expected)


def test_orphan_counts(demo):
    root, manifest = demo
    con = duckdb.connect()
    _erp(con, root, manifest, "erp/material").create_view("material")
    _erp(con, root, manifest, "erp/customer").create_view("customer")
    _erp(con, root, manifest, "erp/sales_order_item").create_view("so")
    shipments = _files(root, manifest, "tms/shipment")
    carriers = _files(root, manifest, "tms/carrier")
    so_material, so_customer = con.sql("""
        with m as (select distinct ltrim(upper(trim(MATNR)), '0') as id from material),
        c as (select distinct ltrim(trim(KUNNR), '0') as id from customer)
        select
            count(*) filter (where ltrim(upper(trim(MATNR)), '0') not in (select id from m)),
            count(*) filter (where ltrim(trim(KUNNR), '0') not in (select id from c)
                             or ltrim(trim(KUNWE), '0') not in (select id from c))
        from so
    """).fetchall()[0]
    injected = manifest["injected"]
    assert so_material == injected["orphan_material"]["erp/sales_order_item"] > 0
    assert so_customer == injected["orphan_customer"]["erp/sales_order_item"] > 0
    ship_customer, ship_carrier = con.sql(f"""
        with c as (select distinct ltrim(trim(KUNNR), '0') as id from customer),
        car as (select distinct carrier_id from read_json({_sql_list(carriers)},
                format='newline_delimited', columns={{'carrier_id': 'VARCHAR'}}))
        select
            -- BU-ORA shipments ship to global ids (ORA-<account>, or the SAP id when shared)
            count(*) filter (where ltrim(trim(ship_to), '0') not in (select id from c)
                             and trim(ship_to) not like 'ORA-%'),
            count(*) filter (where upper(trim(carrier_id)) not in (select carrier_id from car))
        from read_json({_sql_list(shipments)}, format='newline_delimited', ignore_errors=true,
                       columns={{'ship_to': 'VARCHAR', 'carrier_id': 'VARCHAR'}})
    """).fetchall()[0]
    assert ship_customer == injected["orphan_customer"]["tms/shipment"] > 0
    assert ship_carrier == injected["orphan_carrier"]["tms/shipment"] > 0


def test_receipt_timing_counts(demo):
    root, manifest = demo
    con = duckdb.connect()
    _erp(con, root, manifest, "erp/goods_receipt").create_view("gr")
    _erp(con, root, manifest, "erp/purchase_order_item").create_view("po")
    early, late = con.sql("""
        with po_dates as (
            select EBELN, EBELP, min(try_strptime(BEDAT, '%Y%m%d')) as bedat
            from po group by all
        ),
        first_receipts as (
            select EBELN, EBELP, min(try_strptime(BUDAT, '%Y%m%d')) as budat
            from gr where BWART = '101' group by all
        )
        select count(*) filter (where budat < bedat),
               count(*) filter (where datediff('day', bedat, budat) > 365)
        from first_receipts join po_dates using (EBELN, EBELP)
    """).fetchall()[0]
    injected = manifest["injected"]
    assert early == injected["receipt_before_po"]["erp/goods_receipt"] > 0
    assert late == injected["lead_time_over_365"]["erp/goods_receipt"] > 0


def test_exact_duplicates_and_malformed_rows(demo):
    root, manifest = demo
    dup = Counter()
    bad = Counter()
    for rel in manifest["files"]:
        if rel in manifest["duplicate_files"] or rel.endswith(".parquet"):
            continue
        path = root / rel
        entity = "/".join(rel.split("/")[:2])
        lines = _data_lines(path)
        dup[entity] += len(lines) - len(set(lines))
        header = path.read_bytes().removeprefix(BOM).split(b"\n", 1)[0].rstrip(b"\r")
        for line in lines:
            bad[entity] += _is_malformed(rel.split("/")[0], header, line)
    injected = manifest["injected"]
    assert {k: v for k, v in dup.items() if v} == {
        k: v for k, v in injected["exact_duplicate_row"].items() if k != "pos/sales_line"
    }
    assert {k: v for k, v in bad.items() if v} == injected["malformed_row"]
    assert injected["malformed_row"]


def _is_malformed(system: str, header: bytes, line: bytes) -> bool:
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        return True
    if system == "erp":
        return text.count("|") != header.count(b"|")
    if system in JSON_LINES:
        try:
            json.loads(text)
        except json.JSONDecodeError:
            return True
        return False
    try:
        rows = list(csv.reader(io.StringIO(text), strict=True))
    except csv.Error:
        return True
    return len(rows) != 1 or len(rows[0]) != header.count(b",") + 1


def test_pos_duplicates_by_key(demo):
    root, manifest = demo
    files = _files(root, manifest, "pos/sales_line")
    n = duckdb.sql(f"""select count(*) - count(distinct (store_id, transaction_id, line_no))
        from read_parquet({_sql_list(files)}, union_by_name=true)""").fetchall()[0][0]
    assert n == manifest["injected"]["exact_duplicate_row"]["pos/sales_line"] > 0


def test_newer_versions_of_sales_order_lines(demo):
    root, manifest = demo
    con = duckdb.connect()
    _erp(con, root, manifest, "erp/sales_order_item").create_view("so")
    resent = con.sql("""
        with distinct_rows as (select distinct * from so)
        select count(*) - count(distinct (ltrim(VBELN, '0'), ltrim(POSNR, '0')))
        from distinct_rows
    """).fetchall()[0][0]
    assert resent == manifest["injected"]["newer_version_row"]["erp/sales_order_item"] > 0


def test_schema_drift_files(demo):
    root, manifest = demo
    assert manifest["extra_column_files"] and manifest["rejected_files"]
    counted = Counter("/".join(p.split("/")[:2]) for p in manifest["extra_column_files"])
    assert counted == manifest["injected"]["extra_column"]
    for rel, column in manifest["extra_column_files"].items():
        assert column in _column_names(root / rel)
    rejected_rows = Counter()
    for rel, column in manifest["rejected_files"].items():
        path = root / rel
        assert column not in _column_names(path)
        rows = _rows(path)
        if path.suffix != ".parquet":  # a parquet file without its key may repeat rows
            assert len(set(rows)) == len(rows)
        rejected_rows["/".join(rel.split("/")[:2])] += len(rows)
        again = [k for k, v in manifest["redelivered_files"].items() if v == rel]
        assert len(again) == 1 and len(_rows(root / again[0])) == len(rows)
    assert rejected_rows == manifest["injected"]["rows_in_rejected_files"]
    counted = Counter("/".join(p.split("/")[:2]) for p in manifest["rejected_files"])
    assert counted == manifest["injected"]["missing_required_column"]


def _column_names(path) -> list[str]:
    if path.suffix == ".parquet":
        return duckdb.sql(f"select * from read_parquet('{path}') limit 0").columns
    if path.suffix == ".jsonl":
        return list(json.loads(path.read_bytes().split(b"\n", 1)[0]))
    head = path.read_bytes().removeprefix(BOM).split(b"\n", 1)[0].decode().strip()
    return [h.strip('"') for h in head.replace("|", ",").split(",")]


def _rows(path) -> list:
    if path.suffix == ".parquet":
        return duckdb.sql(f"select * from read_parquet('{path}')").fetchall()
    return _data_lines(path)


@pytest.mark.parametrize(
    "klass", ["padded_id", "whitespace_id", "lowercase_id", "unparseable_value"]
)
def test_id_and_value_defects_are_injected(demo, klass):
    _, manifest = demo
    assert sum(manifest["injected"][klass].values()) > 0


def test_every_file_hash_is_recorded(demo):
    root, manifest = demo
    some = sorted(manifest["files"])[::97]
    for rel in some:
        digest = hashlib.sha256((root / rel).read_bytes()).hexdigest()
        assert digest == manifest["files"][rel]["sha256"]
