"""The as-of rule on a hand-made scenario: what lands after D changes nothing as of D.

On a copy of the demo warehouse (120 days, 2025-01-01 … 2025-04-30) the marts are built as
of D = 2025-03-31; then rows are planted in the raw layer, each something an analyst would
not have seen on D:
- a later extract's version of a PO line (new net price, AEDAT and extract date D+1),
- a later supplier assessment (risk 5, assessed and extracted on D+1),
- a later rejection and a later quarantined row (a file rejected, a line unparseable, D+1),
- records dated after D in D's own extract: a PO line ordered on D+1 and a freight charge
  invoiced on D+1.
Rebuilt as of D, every mart is unchanged except mart_data_quality, which reports the two
records dated after D under AS01 (held back, not dropped unreported). Rebuilt as of the last
extract date, the planted rows do count (so the scenario is not vacuous).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import duckdb

from tests.pipeline_fixtures import dbt, scratch_warehouse
from tests.test_as_of_property import differing, mart_contents

AS_OF = "2025-03-31"
NEXT = "2025-04-01"
LATER_FILE = "{entity}/2025-04-01/{name}_20250401_001.csv"


def build(path: Path, as_of: str | None) -> None:
    args = ("--vars", json.dumps({"as_of_date": as_of})) if as_of else ()
    result = dbt(path, "run", *args)
    assert result.returncode == 0, result.failures() or result.stdout[-2000:]


def plant(path: Path) -> dict[str, str]:
    """Plant the later and later-dated rows; returns the keys it used."""
    conn = duckdb.connect(str(path))
    try:
        # a PO line under contract, ordered before D: its later version doubles the price
        po_number, po_item, netpr = conn.execute(
            "select p.ebeln, p.ebelp, p.netpr from raw.erp__purchase_order_item as p "
            "inner join marts.mart_contract_compliance as m "
            "on m.po_number = ltrim(trim(p.ebeln), '0') and m.po_item = ltrim(trim(p.ebelp), '0') "
            f"where p._extract_date <= date '{AS_OF}' and m.contract_id is not null "
            "and not exists (select 1 from raw.erp__purchase_order_item as q "
            f"where q.ebeln = p.ebeln and q.ebelp = p.ebelp and q._extract_date > date '{AS_OF}') "
            "order by p.aedat desc, p.ebeln, p.ebelp limit 1"
        ).fetchone()  # type: ignore[misc]
        later_po = LATER_FILE.format(entity="erp/purchase_order_item", name="purchase_order_item")
        conn.execute(
            "insert into raw.erp__purchase_order_item select * replace ("
            "cast(cast(netpr as double) * 2 as varchar) as netpr, '20250401' as aedat, "
            f"'{later_po}' as _source_file, date '{NEXT}' as _extract_date, 1 as _row_number) "
            "from raw.erp__purchase_order_item where ebeln = ? and ebelp = ? and netpr = ? limit 1",
            [po_number, po_item, netpr],
        )
        # a PO line ordered on D+1 in D's extract (a new PO number)
        conn.execute(
            "insert into raw.erp__purchase_order_item select * replace ("
            "'9999999999' as ebeln, '20250401' as bedat, '20250401' as aedat, "
            "'20250420' as eindt, 999999 as _row_number) "
            "from raw.erp__purchase_order_item where ebeln = ? and ebelp = ? limit 1",
            [po_number, po_item],
        )
        # a freight charge invoiced on D+1 in D's extract
        conn.execute(
            "insert into raw.tms__freight_charge select * replace ('FCASOF1' as charge_id, "
            "'1000' as amount, '2025-04-01T09:00:00+02:00' as invoiced_at, "
            f"date '{AS_OF}' as _extract_date, 999999 as _row_number) "
            f"from raw.tms__freight_charge where _extract_date <= date '{AS_OF}' "
            "and currency = 'EUR' limit 1"
        )
        # a later assessment of the biggest supplier: risk 5, country risk H
        later_assessment = "procurement/supplier_assessment/2025-04-01/supplier_assessment.csv"
        conn.execute(
            "insert into raw.procurement__supplier_assessment select * replace ("
            f"'{NEXT}' as assessed_on, '5' as supply_risk_score, 'H' as country_risk, "
            f"'{later_assessment}' as _source_file, date '{NEXT}' as _extract_date) "
            "from raw.procurement__supplier_assessment "
            f"where _extract_date <= date '{AS_OF}' order by assessed_on desc limit 1"
        )
        # the ledger knows the later files; a later file rejected, a later line quarantined
        for entity, source_file in (
            ("erp/purchase_order_item", later_po),
            ("procurement/supplier_assessment", later_assessment),
        ):
            conn.execute(
                "insert into raw._file_ledger select * replace (? as source_file, "
                f"date '{NEXT}' as extract_date, 'asof-' || ? as content_hash, "
                "1 as rows_read, 1 as rows_loaded, 0 as rows_quarantined) "
                "from raw._file_ledger where entity = ? limit 1",
                [source_file, source_file, entity],
            )
        rejected = LATER_FILE.format(entity="erp/delivery_item", name="delivery_item")
        conn.execute(
            "insert into raw._file_rejections values ('erp/delivery_item', ?, ?, 'asof', "
            "'missing required column vgbel', 'asof', current_timestamp)",
            [NEXT, rejected],
        )
        conn.execute(
            "insert into raw._quarantine values ('erp/delivery_item', ?, ?, 3, 'x|y', "
            "'wrong number of fields: expected 7, found 2', 'ING01', 'asof', current_timestamp)",
            [rejected.replace("_001", "_002"), NEXT],
        )
        return {"po_number": str(po_number).lstrip("0"), "po_item": str(po_item).lstrip("0")}
    finally:
        conn.close()


def quality_counts(path: Path) -> dict[tuple, tuple[int, int]]:
    """mart_data_quality as {(source, rule, extract date): (rows checked, rows failed)}."""
    conn = duckdb.connect(str(path), read_only=True)
    try:
        rows = conn.execute(
            "select source, rule_id, extract_date, rows_checked, rows_failed "
            "from marts.mart_data_quality"
        ).fetchall()
    finally:
        conn.close()
    return {(s, r, d): (c, f) for s, r, d, c, f in rows}


def test_what_lands_after_the_as_of_date_changes_nothing_as_of_that_date() -> None:
    path = scratch_warehouse()
    build(path, AS_OF)
    before = mart_contents(path)
    quality_before = quality_counts(path)

    keys = plant(path)
    build(path, AS_OF)
    changed = [found.split(":")[0] for found in differing(before, mart_contents(path))]
    assert changed == ["mart_data_quality"]
    conn = duckdb.connect(str(path), read_only=True)
    try:
        quality_after = quality_counts(path)
        # nothing of a later extract: no later version, rejection or quarantined row
        assert max(key[2] for key in quality_after).isoformat() == AS_OF
        # other extracts' counts as before; D's own extract now has the two rows dated after D
        # (checked by every rule like any landed row) and AS01 reports them held back
        assert {k: v for k, v in quality_after.items() if k[2].isoformat() != AS_OF} == {
            k: v for k, v in quality_before.items() if k[2].isoformat() != AS_OF
        }
        for source in ("erp/purchase_order_item", "tms/freight_charge"):
            key = (source, "AS01", date.fromisoformat(AS_OF))
            assert quality_after[key][1] == quality_before.get(key, (0, 0))[1] + 1, source
        assert conn.execute(
            "select count(*) from marts.mart_contract_compliance where po_number = '9999999999'"
        ).fetchone() == (0,)
        old_price = conn.execute(
            "select po_unit_price from marts.mart_contract_compliance "
            "where po_number = ? and po_item = ?",
            [keys["po_number"], keys["po_item"]],
        ).fetchone()
    finally:
        conn.close()

    # as of the last extract date the planted rows count: the later version's price wins
    build(path, None)
    conn = duckdb.connect(str(path), read_only=True)
    try:
        new_price = conn.execute(
            "select po_unit_price from marts.mart_contract_compliance "
            "where po_number = ? and po_item = ?",
            [keys["po_number"], keys["po_item"]],
        ).fetchone()
        assert old_price and new_price and abs(new_price[0] - 2 * old_price[0]) < 1e-6
        assert conn.execute(
            "select count(*) from marts.mart_contract_compliance where po_number = '9999999999'"
        ).fetchone() == (1,)
        assert (
            conn.execute(
                "select count(*) from marts.mart_data_quality "
                f"where rule_id in ('ING01', 'ING02') and extract_date = date '{NEXT}' "
                "and source = 'erp/delivery_item' and rows_failed > 0"
            ).fetchone()[0]
            >= 1
        )  # type: ignore[index]
    finally:
        conn.close()
