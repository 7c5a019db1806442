"""The Oracle SCM Cloud business unit (BU-ORA): BI Publisher CSV with Oracle's column names
and conventions, the defect classes of the SAP extracts, and a cross-reference seed that maps
every Oracle number except the ones deliberately left unmapped."""

from __future__ import annotations

import csv
import io
import re

from generator.oracle import (
    N_CUSTOMERS,
    N_ITEMS,
    N_SUPPLIERS,
    ORACLE_UNMAPPED,
    account_number,
    item_number,
    supplier_number,
    xref_rows,
)
from ingestion.entities import ENTITIES

ORACLE = [e for e in ENTITIES if e.system == "oracle"]


def _files(root, manifest, name):
    odd = set(manifest["extra_column_files"]) | set(manifest["rejected_files"])
    return [
        root / rel
        for rel in sorted(manifest["files"])
        if rel.startswith(f"oracle/{name}/") and rel not in odd
    ]


def _rows(path) -> list[dict[str, str]]:
    text = path.read_bytes().decode("utf-8", "replace")
    return list(csv.DictReader(io.StringIO(text)))


def test_every_oracle_entity_lands_as_bi_publisher_csv_with_its_columns(demo):
    root, manifest = demo
    for ent in ORACLE:
        files = _files(root, manifest, ent.name)
        assert files, ent.qualified
        for path in files[:20] + files[-20:]:
            data = path.read_bytes()
            assert not data.startswith(b"\xef\xbb\xbf") and b"\r\n" not in data, path
            header = data.split(b"\n", 1)[0].decode()
            assert header.split(",") == list(ent.fields), path


def test_oracle_conventions_ids_dates_timestamps_and_status_words(demo):
    root, manifest = demo
    lines = [r for p in _files(root, manifest, "fulfillment_line")[:60] for r in _rows(p)]
    assert lines
    for row in lines[:500]:
        assert re.fullmatch(r"[1-9][0-9]{14}", row["FULFILL_LINE_ID"]), row
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["REQUEST_SHIP_DATE"]) or row[
            "REQUEST_SHIP_DATE"
        ].startswith("2025-13"), row
        assert re.fullmatch(
            r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000\+00:00", row["LAST_UPDATE_DATE"]
        ), row
    assert {r["STATUS_CODE"] for r in lines} >= {"AWAIT_SHIPPING", "SHIPPED"}
    assert {r["CANCELED_FLAG"] for r in lines} <= {"Y", "N"}
    items = _rows(_files(root, manifest, "item")[0])
    assert all(re.fullmatch(r"AS\d+", r["ITEM_NUMBER"]) for r in items)
    suppliers = _rows(_files(root, manifest, "supplier")[0])
    assert all(re.fullmatch(r"[1-9]\d*", r["SEGMENT1"]) for r in suppliers)
    receipts = [r for p in _files(root, manifest, "receiving_transaction") for r in _rows(p)]
    assert {r["TRANSACTION_TYPE"] for r in receipts} == {"RECEIVE", "DELIVER", "RETURN TO VENDOR"}


def test_oracle_extracts_carry_the_sap_defect_classes(demo):
    _, manifest = demo
    injected = manifest["injected"]

    def oracle_total(defect: str) -> int:
        return sum(n for e, n in injected.get(defect, {}).items() if e.startswith("oracle/"))

    for defect in ("exact_duplicate_row", "newer_version_row", "duplicate_file", "extra_column"):
        assert oracle_total(defect) > 0, defect
    assert oracle_total("malformed_row") + oracle_total("missing_required_column") > 0
    assert injected["orphan_material"].get("oracle/fulfillment_line", 0) > 0


def test_some_oracle_schedules_are_open_and_not_yet_due_at_the_end(demo):
    root, manifest = demo
    latest: dict[str, dict[str, str]] = {}
    for path in _files(root, manifest, "po_schedule"):
        for row in _rows(path):
            key = row["LINE_LOCATION_ID"]
            if key not in latest or row["LAST_UPDATE_DATE"] > latest[key]["LAST_UPDATE_DATE"]:
                latest[key] = row
    open_not_due = [
        r
        for r in latest.values()
        if r["QUANTITY_RECEIVED"] == "0" and r["NEED_BY_DATE"] > "2025-12-31"
    ]
    assert open_not_due


def test_the_cross_reference_maps_every_oracle_number_but_the_unmapped_ones():
    mapped = {(r["object_type"], r["source_id"]) for r in xref_rows()}
    numbers = (
        [("product", item_number(k)) for k in range(N_ITEMS)]
        + [("supplier", supplier_number(k)) for k in range(N_SUPPLIERS)]
        + [("customer", account_number(k)) for k in range(N_CUSTOMERS)]
    )
    missing = {n for n in numbers if n not in mapped}
    expected = {(t, s) for t, ids in ORACLE_UNMAPPED.items() for s in ids}
    assert missing == expected
    assert any(t == "supplier" for t, _ in missing)
    shared = {r["global_id"] for r in xref_rows() if not r["global_id"].startswith("ORA-")}
    assert shared  # some objects are the SAP ones under Oracle numbers


def _latest_by(rows, key: str, version: str) -> dict[str, dict[str, str]]:
    latest: dict[str, dict[str, str]] = {}
    for row in rows:
        if row[key] not in latest or row[version] > latest[row[key]][version]:
            latest[row[key]] = row
    return latest


def test_standard_costs_cover_every_item_org_with_one_cost_effective_at_the_end(demo):
    """CST_STD_COSTS per item and inventory organisation: the last extract holds, per
    stocked item and org, exactly one record effective on the last day; re-costed items
    also carry their old record, end-dated the day before the new one starts."""
    root, manifest = demo
    files = _files(root, manifest, "standard_cost")
    rows = [
        r
        for r in _rows(files[-1])
        if re.fullmatch(r"\d+", r["STD_COST_ID"]) and r["TOTAL_COST"] not in ("", None)
    ]
    items = {r["INVENTORY_ITEM_ID"] for r in _rows(_files(root, manifest, "item")[-1])}
    orgs = {"300000001000101", "300000001000102"}
    effective = {}
    for r in rows:
        assert r["CURRENCY_CODE"] == "USD" and float(r["TOTAL_COST"]) > 0, r
        if r["EFFECTIVE_END_DATE"] in ("", None) or r["EFFECTIVE_END_DATE"] >= "2025-12-31":
            pair = (r["INVENTORY_ITEM_ID"], r["ORGANIZATION_ID"])
            assert pair not in effective, pair
            effective[pair] = r
    assert {p[1] for p in effective} == orgs
    assert {p[0] for p in effective} >= items - {""}
    ended = [r for r in rows if r["EFFECTIVE_END_DATE"] not in ("", None)]
    assert ended
    starts = {
        (r["INVENTORY_ITEM_ID"], r["ORGANIZATION_ID"]): r["EFFECTIVE_START_DATE"]
        for r in effective.values()
    }
    for r in ended:
        assert r["EFFECTIVE_END_DATE"] < starts[(r["INVENTORY_ITEM_ID"], r["ORGANIZATION_ID"])]


def test_oracle_fulfillment_lines_ship_in_tms_shipments_with_freight(demo):
    """The BU-ORA shipped lines travel in TMS shipments (their own files, ids SHP6…) whose
    deliveries are ORA-<FULFILL_LINE_ID>, consolidated per org, ship-to and day, and their
    carriers invoice freight (charges FC6…)."""
    import json

    root, manifest = demo

    def tms_rows(name):
        out = []
        for rel in sorted(manifest["files"]):
            if rel.startswith(f"tms/{name}/") and rel.rsplit("_", 1)[1].startswith("1"):
                for line in (root / rel).read_text(encoding="utf-8", errors="replace").splitlines():
                    try:
                        out.append(json.loads(line))
                    except json.JSONDecodeError:
                        continue  # malformed-row defect
        return out

    shipments = _latest_by(tms_rows("shipment"), "shipment_id", "updated_at")
    assert shipments
    assert all(str(s["shipment_id"]).startswith("SHP6") for s in shipments.values())
    assert {s["origin_plant"] for s in shipments.values()} == {"ORA-M1", "ORA-D2"}
    docs = [d for s in shipments.values() for d in s["deliveries"]]
    assert all(re.fullmatch(r"ORA-[1-9][0-9]{14}", d) for d in docs)
    assert len(docs) > len(shipments)  # some shipments consolidate several lines
    loadable = [  # extra-column files load too; rejected ones are re-sent
        root / rel
        for rel in sorted(manifest["files"])
        if rel.startswith("oracle/fulfillment_line/") and rel not in manifest["rejected_files"]
    ]
    shipped = {
        r["FULFILL_LINE_ID"] for p in loadable for r in _rows(p) if r.get("ACTUAL_SHIP_DATE")
    }
    assert {d[4:] for d in docs} <= shipped | {""}
    assert len({d[4:] for d in docs}) >= 0.9 * len(shipped)
    charges = tms_rows("freight_charge")
    assert charges and all(str(c["charge_id"]).startswith("FC6") for c in charges)
    assert {c["charge_type"] for c in charges} >= {"LINEHAUL", "FUEL"}
    assert {str(c["shipment_id"]).strip() for c in charges} <= set(shipments)  # whitespace defect
