"""The business shape of a simulation, measured on the simulated arrays (nothing written).

``measure()`` gives the figures docs/generator.md tables for the demo and that
tests/generator/test_generator_shape.py holds to ranges: freight against revenue, deliveries
per shipment, the ocean and air consignments, inventory turns and excess, the spread of
supplier on-time rates, open PO lines not yet due at the end, maverick spend, e-commerce
customers and the spread of weekly demand variability. All money in EUR at the month's rate.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np

from generator import erp, procurement
from generator.common import PLANTS, Context
from generator.core import Business, _context, simulate

#: Weeks of average demand above which stock counts as excess (seed serving_cost_rates).
EXCESS_WEEKS = 12


def measure(
    *,
    start: date = date(2025, 1, 1),
    days: int = 365,
    scale: float = 0.01,
    seed: int = 42,
    defects: str = "default",
) -> dict[str, Any]:
    """The shape figures of the business ``chainseg generate`` would write for these
    arguments (the defaults are the demo's)."""
    ctx = _context(start, days, scale, seed, defects)
    b = simulate(ctx)
    out: dict[str, Any] = {}
    out.update(_freight(ctx, b))
    out.update(_stock(ctx, b))
    out.update(_purchasing(ctx, b))
    out.update(_demand(ctx, b))
    return out


def _freight(ctx: Context, b: Business) -> dict[str, Any]:
    s, sh, ch = b.sales, b.shipments, b.charges
    ok = ~s.rejected
    revenue = float((s.value[ok] * b.fx.to_eur_rate(s.currency[ok], s.erdat[ok])).sum())
    eur = ch.amount * b.fx.to_eur_rate(ch.currency, ch.day)
    mode = sh.mode[ch.shipment]
    by_mode = {str(k): float(eur[mode == k].sum()) for k in np.unique(sh.mode)}
    live = ~sh.cancelled & (np.diff(sh.doc_offsets) > 0)
    known = sh.docs < 89_900_000
    ocean = live & (sh.mode == "OCEAN")
    air = live & (sh.mode == "AIR")
    e_com = np.unique(s.customer[s.channel == "30"])
    return {
        "revenue_eur": revenue,
        "freight_eur": float(eur.sum()),
        "freight_share_of_revenue": float(eur.sum()) / revenue,
        "expedite_share_of_revenue": float(eur[ch.kind == "EXPEDITE"].sum()) / revenue,
        "freight_by_mode_eur": by_mode,
        "deliveries_per_shipment": float(known.sum() / max(1, (live & ~sh.cancelled).sum())),
        "ocean_shipments": int(ocean.sum()),
        "ocean_mean_kg": float(sh.weight_kg[ocean].mean()) if ocean.any() else 0.0,
        "air_shipments": int(air.sum()),
        "air_max_kg": float(sh.weight_kg[air].max()) if air.any() else 0.0,
        "air_all_urgent": bool((sh.prio[air] == 1).all()),
        "ecommerce_customers": int((~b.m.customers.ghost[e_com]).sum()),
        "ecommerce_revenue_share": float(
            (s.value * b.fx.to_eur_rate(s.currency, s.erdat))[ok & (s.channel == "30")].sum()
        )
        / revenue,
    }


def _stock(ctx: Context, b: Business) -> dict[str, Any]:
    m, s, dl, po, r = b.m, b.sales, b.deliveries, b.po, b.receipts
    receipts = (po.product[r.po], po.plant[r.po], r.budat, r.qty.astype(np.float64))
    labst, insme, speme = erp.stock_levels(ctx, m, receipts, s, dl)
    total = labst + insme + speme
    cost = np.repeat(m.products.cost_eur, len(PLANTS))
    value = total * cost[None, :]
    cogs = float((dl.qty * m.products.cost_eur[s.product[dl.line]]).sum())
    weekly = b.demand.ravel() / (52.0 * ctx.year_fraction)
    excess = np.maximum(0.0, total[-1] - EXCESS_WEEKS * weekly) * cost
    safety = (m.products.eisbe.ravel() * cost).sum()
    return {
        "inventory_turns": cogs / ctx.year_fraction / float(value.sum(axis=1).mean()),
        "excess_share_of_stock": float(excess.sum() / max(value[-1].sum(), 1e-9)),
        "safety_share_of_stock": float(safety / value.sum(axis=1).mean()),
    }


def _purchasing(ctx: Context, b: Business) -> dict[str, Any]:
    po, r, c, src = b.po, b.receipts, b.contracts, b.sourcing
    live = ~po.deleted
    first = np.full(po.n, 10**9)
    got = r.bwart == "101"
    np.minimum.at(first, r.po[got], r.budat[got])
    due = live & (po.eindt <= ctx.last) & ~po.over365 & ~po.early
    on_time = first <= po.eindt
    rates = []
    for sup in np.unique(po.supplier[due]):
        sel = due & (po.supplier == sup)
        if sel.sum() >= 5:
            rates.append(float(on_time[sel].mean()))
    spend = po.qty * po.netpr / po.peinh * b.fx.to_eur_rate(po.currency, po.bedat)
    any_contract = np.zeros(po.n, bool)
    for sup in (src.first[po.product], src.second[po.product]):
        has = sup >= 0
        found = procurement._applicable(c, po.product, np.maximum(sup, 0), po.bedat)
        any_contract |= has & (found >= 0)
    ref = po.contract
    foreign = (ref >= 0) & (c.supplier[np.maximum(ref, 0)] != po.supplier)
    maverick = live & (((ref < 0) & any_contract) | foreign)
    return {
        "supplier_on_time_min": min(rates),
        "supplier_on_time_max": max(rates),
        "supplier_on_time_rates": rates,
        "open_po_lines_not_yet_due": int(
            (live & (po.eindt > ctx.last) & (po.bedat <= ctx.last)).sum()
        ),
        "maverick_share_of_spend": float(spend[maverick].sum() / spend[live].sum()),
    }


def _demand(ctx: Context, b: Business) -> dict[str, Any]:
    s, m = b.sales, b.m
    _, _, week = erp.week_grid(ctx)
    n_weeks = int(week[-1]) + 1
    ok = ~s.rejected & ~m.products.ghost[s.product]
    grid = np.zeros((m.products.n, n_weeks))
    np.add.at(grid, (s.product[ok], week[s.erdat[ok]]), s.qty[ok])
    last52 = grid[:, max(0, n_weeks - 52) :]
    sold = last52.sum(axis=1) > 0
    cov = np.sort(last52[sold].std(axis=1) / last52[sold].mean(axis=1))
    mid = cov[(cov >= 0.1) & (cov <= 2.0)]
    return {
        "cov_quantiles": np.round(np.quantile(cov, [0.1, 0.25, 0.5, 0.75, 0.9]), 3).tolist(),
        "cov_largest_gap_0_1_to_2": float(np.diff(mid).max()) if len(mid) > 1 else 1.0,
        "cov_per_tenth_0_1_to_1_5": np.histogram(mid, bins=np.linspace(0.1, 1.5, 15))[0].tolist(),
    }
