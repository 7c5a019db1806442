"""The PO release fields (issue 19): one release per PO, levels within the strategy, real gaps."""

from __future__ import annotations

import duckdb

from generator.procurement import RELEASE_STRATEGIES


def _release_rows(root):
    files = sorted(str(p) for p in (root / "erp" / "purchase_order_item").rglob("*.csv"))
    return duckdb.sql(
        f"select * from read_csv({files}, delim='|', header=true, all_varchar=true, "
        "union_by_name=true)"
    )


def test_every_po_carries_one_release_within_its_strategy_with_gaps(demo):
    root, _ = demo
    rows = _release_rows(root)
    per_po = rows.query(
        "rows",
        "select ebeln, count(distinct coalesce(frgsx, '') || '|' || coalesce(frgke, '') || '|' "
        "|| coalesce(frgzu, '')) as releases, any_value(frgsx) as frgsx, "
        "any_value(frgke) as frgke, any_value(frgzu) as frgzu from rows "
        "group by ebeln",
    ).fetchall()
    levels = {name: n for _, name, n in RELEASE_STRATEGIES}

    assert per_po and all(releases == 1 for _, releases, *_ in per_po)
    no_record = [po for po, _, frgsx, frgke, _ in per_po if frgsx is None and frgke is None]
    blocked = [po for po, _, _, frgke, _ in per_po if frgke == "B"]
    short = [
        po
        for po, _, frgsx, frgke, frgzu in per_po
        if frgke == "R" and len(frgzu or "") < levels[frgsx]
    ]
    assert all(len(frgzu or "") <= levels[frgsx] for _, _, frgsx, _, frgzu in per_po if frgsx)
    # the gaps are there, and rare (3 %, 2 % and 5 % of POs by construction)
    for gap in (no_record, blocked, short):
        assert 0 < len(gap) < 0.1 * len(per_po)
