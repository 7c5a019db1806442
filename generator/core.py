"""``generate()``: simulate the business once, then land every entity day by day.

The simulation (masters → sales → deliveries → purchasing → receipts → shipments → charges
→ stock → POS) is computed with numpy over whole arrays; writing then walks the extract
days entity by entity, formatting one day at a time, so memory stays bounded by the
simulation arrays, not by the text written.
"""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

from generator import defects as d
from generator import erp, iot, masters, oracle, pos, procurement, tms
from generator.common import PLANTS, Context, fixed, pad, text
from generator.manifest import Manifest
from generator.snapshots import Snapshots
from generator.writers import Landing, Rows, TextSpec
from ingestion.entities import entity

SYSTEMS = ("erp", "tms", "procurement", "pos", "oracle", "iot")
SNAPSHOTS = (
    "erp/material",
    "erp/material_plant",
    "erp/vendor",
    "erp/customer",
    "erp/fx_rate",
    "tms/carrier",
    "procurement/contract",
    "procurement/contract_price_tier",
    "procurement/supplier_assessment",
    "pos/store",
)


def generate(
    out: Path,
    *,
    start: date = date(2025, 1, 1),
    days: int = 365,
    scale: float = 0.01,
    seed: int = 42,
    defects: str = "default",
) -> dict:
    """Write synthetic extracts of every entity under ``out``; returns the manifest."""
    ctx = _context(start, days, scale, seed, defects)
    out = Path(out)
    _prepare(out)
    parameters = {
        "start": start.isoformat(),
        "days": days,
        "scale": scale,
        "seed": seed,
        "defects": defects,
        "rates": ctx.rates,
    }
    manifest = Manifest(parameters)
    clock = time.perf_counter()
    _log(f"simulating {days} days from {start} at scale {scale} (seed {seed})")
    b = simulate(ctx)
    m, fx, sales, deliveries = b.m, b.fx, b.sales, b.deliveries
    po, contracts, receipts = b.po, b.contracts, b.receipts
    shipments, charges = b.shipments, b.charges
    _log(f"simulated in {time.perf_counter() - clock:.1f}s; writing")
    landing = Landing(ctx, out, manifest)

    snaps = Snapshots(ctx, m, fx, contracts)
    for day in ctx.snapshot_days():
        for name in SNAPSHOTS:
            rows, counts = getattr(snaps, name.split("/")[1])(day)
            _deliver(landing, manifest, name, [(day, rows, counts)], None)
    _write_stock(ctx, landing, manifest, m, po, receipts, sales, deliveries)
    _deliver(
        landing,
        manifest,
        "erp/purchase_order_item",
        procurement.po_days(ctx, m, po, contracts),
        procurement.PO_SPEC,
    )
    _deliver(
        landing,
        manifest,
        "erp/goods_receipt",
        procurement.receipt_days(ctx, m, po, receipts),
        procurement.GR_SPEC,
    )
    _deliver(
        landing,
        manifest,
        "procurement/quality_notification",
        procurement.notifications(ctx, m, po, receipts),
        procurement.QN_SPEC,
    )
    _deliver(landing, manifest, "erp/sales_order_item", erp.sales_days(ctx, m, sales), erp.SO_SPEC)
    _deliver(
        landing,
        manifest,
        "erp/delivery_item",
        erp.delivery_days(ctx, m, sales, deliveries),
        erp.DELIVERY_SPEC,
    )
    _deliver(
        landing, manifest, "tms/shipment", tms.shipment_days(ctx, m, shipments), tms.SHIPMENT_SPEC
    )
    _deliver(
        landing,
        manifest,
        "tms/freight_charge",
        tms.charge_days(ctx, m, shipments, charges),
        tms.CHARGE_SPEC,
    )
    seller = pos.PosDays(ctx, m, sales, fx)
    _deliver(landing, manifest, "pos/sales_line", _pos_days(ctx, seller), pos.SPEC)
    _business_notes(manifest, sales, deliveries, shipments, po)
    manifest.business.update(oracle.write(ctx, landing, manifest, m, fx))  # second ERP
    # IoT loggers last, on their own random streams: nothing above shifts
    manifest.business.update(iot.write(ctx, out, manifest, m, sales, deliveries, shipments))
    doc = manifest.write(out, list(d.RATES) + list(d.EXTRA_COUNTS))
    (out / MARKER).unlink()
    _log(f"done in {time.perf_counter() - clock:.1f}s: {len(doc['files'])} files")
    return doc


@dataclass
class Business:
    """The simulated business of one run, before anything is written."""

    m: masters.Masters
    fx: masters.Fx
    sales: erp.SalesLines
    deliveries: erp.DeliveryItems
    demand: np.ndarray  # units per product x plant
    sourcing: procurement.Sourcing
    po: procurement.PoLines
    contracts: procurement.Contracts
    receipts: procurement.Receipts
    shipments: tms.Shipments
    charges: tms.Charges


def simulate(ctx: Context) -> Business:
    """Masters → sales → deliveries → purchasing → receipts → shipments → charges."""
    m = masters.build(ctx)
    fx = masters.Fx(ctx)
    sales = erp.build_sales(ctx, m, fx)
    deliveries = erp.build_deliveries(ctx, m, sales)
    demand, value = procurement.expected_value(ctx, m, sales)
    m.products.eisbe = erp.safety_stock(ctx, demand)
    sourcing = procurement.plan_sourcing(ctx, m, value)
    po, contracts = procurement.build_po_lines(ctx, m, sourcing, demand, value, fx)
    receipts = procurement.build_receipts(ctx, po)
    shipments = tms.build_shipments(ctx, m, sales, deliveries)
    charges = tms.build_charges(ctx, m, shipments, fx)
    return Business(
        m, fx, sales, deliveries, demand, sourcing, po, contracts, receipts, shipments, charges
    )


def _context(start: date, days: int, scale: float, seed: int, defects: str) -> Context:
    if not isinstance(start, date):
        raise ValueError(f"start must be a date, got {start!r}")
    if not isinstance(days, int) or days < 1:
        raise ValueError(f"days must be a whole number >= 1, got {days!r}")
    if not isinstance(scale, int | float) or not scale > 0 or scale > 100:
        raise ValueError(f"scale must be a number > 0 (and <= 100), got {scale!r}")
    if not isinstance(seed, int) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    rates = d.rates_for(defects)
    return Context(
        start=start,
        days=days,
        scale=float(scale),
        seed=seed,
        rates=rates,
    )


#: Written first and removed last: marks a landing root an unfinished run left behind.
MARKER = ".generator-running"


def _prepare(out: Path) -> None:
    """Start from an empty landing root, removing only what an earlier run wrote."""
    if out.exists() and not out.is_dir():
        raise ValueError(f"output path {out} exists and is not a folder")
    out.mkdir(parents=True, exist_ok=True)
    ours = [out / s for s in SYSTEMS if (out / s).exists()]
    earlier_run = (out / "_manifest.json").exists() or (out / MARKER).exists()
    if ours and not earlier_run:
        raise ValueError(
            f"output folder {out} already holds extracts not written by the "
            "generator (no _manifest.json); choose an empty folder"
        )
    (out / MARKER).write_text("chainseg generate is writing here\n", encoding="utf-8")
    for folder in ours:
        shutil.rmtree(folder)
    (out / "_manifest.json").unlink(missing_ok=True)


def _deliver(
    landing: Landing,
    manifest: Manifest,
    name: str,
    days: Iterable[tuple[int, Rows, dict[str, int]]],
    spec: TextSpec | None,
) -> None:
    ent = entity(name)
    for day, rows, counts in days:
        landing.deliver(ent, day, rows, spec)
        for defect, n in counts.items():
            manifest.count(defect, name, n)


def _pos_days(ctx: Context, seller: pos.PosDays):
    for day in range(ctx.days):
        got = seller.rows(day)
        if got is not None:
            yield day, got[0], got[1]


def _write_stock(
    ctx: Context,
    landing: Landing,
    manifest: Manifest,
    m: masters.Masters,
    po: procurement.PoLines,
    r: procurement.Receipts,
    sales: erp.SalesLines,
    dl: erp.DeliveryItems,
) -> None:
    receipts = (po.product[r.po], po.plant[r.po], r.budat, r.qty.astype(np.float64))
    labst, insme, speme = erp.stock_levels(ctx, m, receipts, sales, dl)
    n_plants = len(PLANTS)
    prod = np.repeat(np.arange(m.products.n), n_plants)
    plant = np.tile(np.arange(n_plants), m.products.n)
    matnr = pad(text(m.products.ids[prod]), 18)
    werks = text(np.array([p[0] for p in PLANTS])[plant])
    orphan = m.products.ghost[prod]
    stock = entity("erp/stock")
    rng = ctx.rng("stale-stock")
    for day in range(ctx.days):
        cols = {
            "MATNR": matnr,
            "WERKS": werks,
            "LABST": fixed(labst[day], 3),
            "INSME": fixed(insme[day], 3),
            "SPEME": fixed(speme[day], 3),
        }
        stale = day > 0 and bool(rng.random() < ctx.rates["unchanged_snapshot"])
        landing.deliver(stock, day, Rows(cols, protected=orphan), None, stale=stale)
        manifest.count("orphan_material", "erp/stock", int(orphan.sum()))


def _business_notes(
    manifest: Manifest,
    s: erp.SalesLines,
    dl: erp.DeliveryItems,
    sh: tms.Shipments,
    po: procurement.PoLines,
) -> None:
    """Counts of business situations (not defects) a test may want to find."""
    delivered = np.bincount(dl.line, weights=dl.qty, minlength=s.n)
    notes = manifest.business
    notes["sales_order_lines"] = int(s.n)
    notes["sales_order_lines_rejected"] = int(s.rejected.sum())
    notes["sales_order_lines_split_deliveries"] = int(
        (np.bincount(dl.line, minlength=s.n) > 1).sum()
    )
    notes["sales_order_lines_short"] = int(((delivered > 0) & (delivered < s.qty)).sum())
    notes["sales_order_lines_undelivered"] = int(((delivered == 0) & ~s.rejected).sum())
    notes["shipments"] = int(sh.n)
    notes["shipments_cancelled"] = int(sh.cancelled.sum())
    notes["shipments_with_unknown_deliveries"] = int((sh.docs >= 89_900_000).sum())
    notes["purchase_order_lines"] = int(po.n)
    notes["purchase_order_lines_deleted"] = int(po.deleted.sum())


def _log(message: str) -> None:
    print(f"[generate] {message}", file=sys.stderr, flush=True)
