"""Procure-to-pay: sourcing plan, contracts and tiers, PO lines, goods receipts, notifications.

Kraljic quadrants by construction (models.md): materials are ranked by expected purchase
value; the materials making up the top 85 % go to ``strategic`` (single-sourced) and
``leverage`` (two suppliers, alternating) suppliers, the rest to ``bottleneck``
(single-sourced) and ``routine`` (two suppliers). Single sourcing plus high assessed risk
puts strategic/bottleneck suppliers at a supply risk score >= 3, multi-sourcing and low
scores keep leverage/routine below it; spend concentration makes the first two class A.
Multi-sourced materials get at least four PO lines so both suppliers keep buying them.

Contracts are per supplier with one item per contracted material (a dual-sourced material
with both its suppliers), ``FIXED`` (one tier) or ``TIERED`` (three ``min_qty`` tiers); about
a fifth expire during the run and are renewed under a new contract number. PO lines mostly
call off the own contract at the tier price; some are off-price (+3-12 %), some carry no
contract reference although one is valid (maverick), and a few name the other supplier's
contract. Each supplier delivers its own share of lines on time (``reliability``), and the
next cycle's orders placed before the end are open and not yet due at the last day.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from generator import defects as d
from generator.common import PLANTS, Context, fixed, group_numbers, iso_date, pad, sap_date, text
from generator.erp import SalesLines
from generator.masters import Fx, Masters
from generator.writers import Rows, TextSpec, split_days

PO_SPEC = TextSpec(
    unpad="LIFNR",
    whitespace="MATNR",
    lowercase="MATNR",
    unparseable=(("MENGE", "number"), ("NETPR", "number"), ("BEDAT", "sap_date")),
)
GR_SPEC = TextSpec(
    unpad="MATNR",
    whitespace="MATNR",
    lowercase="MATNR",
    unparseable=(("MENGE", "number"), ("BUDAT", "sap_date")),
)
QN_SPEC = TextSpec(
    pad=("material_id", 18),
    whitespace="material_id",
    lowercase="material_id",
    unparseable=(("inspected_qty", "number"), ("created_on", "iso_date")),
)
PURCHASING_GROUPS = ("001", "002", "003", "004", "005")
#: SAP release strategies by PO value in EUR: (strategy, levels to release) from each bound
#: (the ERP's own configuration; the approval policy of seed po_approval_levels may ask more).
RELEASE_STRATEGIES = ((0.0, "S1", 1), (1_000.0, "S2", 2), (3_000.0, "S3", 3))
#: Share of POs without a release record (ordered outside the workflow), released one level
#: short of their strategy, and still blocked (not released).
RELEASE_GAPS = {"no_record": 0.03, "short": 0.05, "blocked": 0.02}
#: Share of the PO lines under a valid own contract that call it off (the rest are ordered
#: without reference: maverick).
MAVERICK_FROM = 0.91


@dataclass
class Sourcing:
    first: np.ndarray  # supplier index per product
    second: np.ndarray  # second supplier (-1 = single-sourced)


@dataclass
class Contracts:
    contract: np.ndarray  # contract number
    item: np.ndarray
    supplier: np.ndarray
    product: np.ndarray
    valid_from: np.ndarray
    valid_to: np.ndarray
    visible_from: np.ndarray  # first day the item appears in the procurement extract
    currency: np.ndarray
    price_unit: np.ndarray
    tiered: np.ndarray
    tier_min: np.ndarray  # [items, 3]
    tier_price: np.ndarray  # [items, 3] per price unit; FIXED uses the first column

    @property
    def n(self) -> int:
        return len(self.contract)


@dataclass
class PoLines:
    ebeln: np.ndarray
    ebelp: np.ndarray
    supplier: np.ndarray
    product: np.ndarray
    plant: np.ndarray
    qty: np.ndarray  # final
    qty_initial: np.ndarray
    netpr: np.ndarray
    peinh: np.ndarray
    currency: np.ndarray
    bedat: np.ndarray
    eindt: np.ndarray
    contract: np.ndarray  # index into Contracts or -1
    ekgrp: np.ndarray
    deleted: np.ndarray
    change_day: np.ndarray
    over365: np.ndarray  # backlog line received more than 365 days after its PO date
    early: np.ndarray  # first receipt posted before the PO date
    #: SAP release (EKKO FRGSX / FRGKE / FRGZU), the same on every line of a PO
    release_strategy: np.ndarray
    release_indicator: np.ndarray
    release_status: np.ndarray

    @property
    def n(self) -> int:
        return len(self.ebeln)


@dataclass
class Receipts:
    mblnr: np.ndarray
    zeile: np.ndarray
    po: np.ndarray  # index into PoLines
    budat: np.ndarray
    qty: np.ndarray  # signed
    bwart: np.ndarray
    day: np.ndarray  # extract day
    flag: np.ndarray  # '', 'over365', 'early'


def plan_sourcing(ctx: Context, m: Masters, value: np.ndarray) -> Sourcing:
    p, s = m.products, m.suppliers
    first = np.full(p.n, -1)
    second = np.full(p.n, -1)
    ghosts = np.flatnonzero(s.ghost)
    raw = np.flatnonzero(~p.sold)
    dedicated = raw[len(raw) - len(ghosts) :] if len(ghosts) else raw[:0]
    for g, prod in zip(ghosts, dedicated, strict=True):
        first[prod] = g
    rest = np.setdiff1d(np.arange(p.n), dedicated)
    rest = rest[np.argsort(-value[rest], kind="stable")]
    share = np.cumsum(value[rest]) / max(value[rest].sum(), 1e-9)
    high = share - value[rest] / max(value[rest].sum(), 1e-9) < 0.85
    by_q = {
        q: np.flatnonzero(s.quadrant == q)
        for q in ("strategic", "leverage", "bottleneck", "routine")
    }
    for pool_mask, single_q, pair_q in (
        (high, "strategic", "leverage"),
        (~high, "bottleneck", "routine"),
    ):
        singles, pairs = by_q[single_q], by_q[pair_q]
        for k, prod in enumerate(rest[pool_mask]):
            j = k // 2
            if k % 2 == 0:
                first[prod] = singles[j % len(singles)]
            else:
                first[prod] = pairs[j % len(pairs)]
                second[prod] = pairs[(j + 1) % len(pairs)]
    return Sourcing(first=first, second=second)


def expected_value(ctx: Context, m: Masters, s: SalesLines) -> tuple[np.ndarray, np.ndarray]:
    """Units to buy per product x plant (sales demand; raw materials by assumption) and the
    purchase value per product."""
    rng = ctx.rng("raw-demand")
    n_plants = len(PLANTS)
    demand = np.zeros((m.products.n, n_plants))
    ok = ~s.rejected
    np.add.at(demand, (s.product[ok], s.plant[ok]), s.qty[ok])
    raw = np.flatnonzero(~m.products.sold)
    raw_units = rng.lognormal(np.log(4000), 1.0, len(raw)) * ctx.year_fraction * ctx.scale**0.5
    demand[raw, 0] = np.rint(raw_units * 0.6)
    demand[raw, 1] = np.rint(raw_units * 0.4)
    value = demand.sum(axis=1) * m.products.cost_eur
    return demand, value


def build_contracts(
    ctx: Context, m: Masters, src: Sourcing, fx: Fx, typical_qty: np.ndarray
) -> Contracts:
    rng = ctx.rng("contracts")
    p, s = m.products, m.suppliers
    contracted = (src.first >= 0) & ~s.ghost[np.maximum(src.first, 0)] & (rng.random(p.n) < 0.7)
    # a multi-sourced material is contracted with both of its suppliers
    dual = np.flatnonzero(contracted & (src.second >= 0))
    prods = np.r_[np.flatnonzero(contracted), dual]
    sup = np.r_[src.first[contracted], src.second[dual]]
    order = np.lexsort((prods, sup))
    prods, sup = prods[order], sup[order]
    gid, pos = group_numbers([sup])
    n_contracts = int(gid.max()) + 1 if len(gid) else 0
    c_from = -rng.integers(30, 400, n_contracts)
    c_to = c_from + rng.integers(365, 1000, n_contracts)
    renew = (c_to >= 0) & (c_to < ctx.last)
    base_price = p.cost_eur[prods] * rng.uniform(0.82, 0.92, len(prods))
    tiered = rng.random(len(prods)) < 0.5
    q1 = np.maximum(10, np.rint(typical_qty[prods] * 0.8 / 10) * 10)
    tier_min = np.c_[np.ones(len(prods)), q1, q1 * 3]
    factor = np.array([1.0, 0.96, 0.92])
    parts = []
    for generation in (0, 1):
        if generation == 0:
            sel = np.arange(len(prods))
            number = gid
            vf, vt = c_from[gid], c_to[gid]
            uplift = 1.0
        else:
            sel = np.flatnonzero(renew[gid])
            renewed = np.flatnonzero(renew)
            new_no = np.full(n_contracts, -1)
            new_no[renewed] = n_contracts + np.arange(len(renewed))
            number = new_no[gid[sel]]
            vf = c_to[gid[sel]] + 1
            vt = vf + 730
            uplift = 1.03
        currency = s.currency[sup[sel]]
        unit = fx.from_eur(base_price[sel] * uplift, currency, vf) * p.peinh[prods[sel]]
        parts.append(
            dict(
                contract=4_600_000_000 + number,
                item=pos[sel] * 10,
                supplier=sup[sel],
                product=prods[sel],
                valid_from=vf,
                valid_to=vt,
                visible_from=np.full(len(sel), -10_000) if generation == 0 else vf - 14,
                currency=currency,
                price_unit=p.peinh[prods[sel]],
                tiered=tiered[sel],
                tier_min=tier_min[sel],
                tier_price=np.round(unit[:, None] * factor[None, :], 2),
            )
        )
    merged = {k: np.concatenate([part[k] for part in parts]) for k in parts[0]}
    return Contracts(**merged)


def build_po_lines(
    ctx: Context, m: Masters, src: Sourcing, demand: np.ndarray, value: np.ndarray, fx: Fx
) -> tuple[PoLines, Contracts]:
    rng = ctx.rng("purchase-orders")
    p = m.products
    n_plants = len(PLANTS)
    mp_value = demand * p.cost_eur[:, None]
    active = demand > 0
    target = 200_000 * ctx.scale * ctx.year_fraction
    weight = np.sqrt(np.where(active, mp_value, 0))
    n_mp = np.where(active, np.maximum(1, np.rint(target * weight / weight.sum())), 0)
    pair = src.second >= 0
    short_of = np.maximum(0, 4 - n_mp.sum(axis=1))
    best = np.argmax(demand, axis=1)
    n_mp[np.arange(p.n), best] += np.where(pair, short_of, 0)
    n_mp = n_mp.astype(np.int64)
    # one order per interval, plus the next cycle's order where it is placed before the end
    # of the run (lead time longer than the rest of the interval): open and not yet due
    n_cycle = np.where(n_mp > 0, n_mp + 1, 0).ravel()
    flat = np.repeat(np.arange(n_mp.size), n_cycle)
    product, plant = np.divmod(flat, n_plants)
    starts = np.r_[0, np.cumsum(n_cycle)[:-1]]
    k = np.arange(len(flat)) - starts[flat]
    n_of = n_mp.ravel()[flat]
    interval = ctx.days / n_of
    lead = np.where(p.plifz_missing[product, plant], 14, p.plifz[product, plant])
    bedat = np.floor((k + rng.uniform(0.1, 0.9, len(flat))) * interval).astype(np.int64) - lead
    qty = np.ceil(demand[product, plant] / n_of * rng.uniform(0.97, 1.07, len(flat)))
    next_cycle = k == n_of
    keep = ~next_cycle | (bedat <= ctx.last)
    flat, product, plant, bedat, qty = (a[keep] for a in (flat, product, plant, bedat, qty))
    bedat = np.clip(bedat, -60, ctx.last)
    qty = np.maximum(1, qty).astype(np.int64)
    # backlog lines ordered more than a year before their receipt (lead_time_over_365)
    n_old = (
        d.orphan_count(ctx.rates["lead_time_over_365"], len(flat))
        if ctx.rates["lead_time_over_365"] > 0
        else 0
    )
    old_pick = rng.choice(len(flat), size=n_old, replace=False) if n_old else np.zeros(0, int)
    product = np.r_[product, product[old_pick]]
    plant = np.r_[plant, plant[old_pick]]
    qty = np.r_[qty, qty[old_pick]]
    bedat = np.r_[bedat, -rng.integers(380, 460, n_old)]
    over365 = np.r_[np.zeros(len(flat), bool), np.ones(n_old, bool)]
    order = np.lexsort((plant, product, bedat))
    product, plant, qty, bedat, over365 = (a[order] for a in (product, plant, qty, bedat, over365))
    _, rank = group_numbers([product])
    supplier = np.where(pair[product] & (rank % 2 == 0), src.second[product], src.first[product])
    typical = np.zeros(p.n)
    np.maximum.at(typical, product, qty)
    contracts = build_contracts(ctx, m, src, fx, typical * 0.5)
    n = len(product)
    eindt = bedat + np.where(p.plifz_missing[product, plant], 14, p.plifz[product, plant])
    currency = m.suppliers.currency[supplier]
    list_price = (
        fx.from_eur(p.cost_eur[product] * rng.uniform(0.9, 1.0, n), currency, bedat)
        * p.peinh[product]
    )
    contract = _applicable(contracts, product, supplier, bedat)
    own = contract >= 0
    other = np.where(supplier == src.first[product], src.second[product], src.first[product])
    other_contract = np.where(
        pair[product], _applicable(contracts, product, np.maximum(other, 0), bedat), -1
    )
    u = rng.random(n)
    on_contract = own & (u < MAVERICK_FROM)
    off_price = own & (u >= 0.85) & (u < MAVERICK_FROM)
    # a buyer ordering from one supplier of a dual-sourced material under the other's contract
    foreign = (other_contract >= 0) & (rng.random(n) < 0.04)
    contract = np.where(foreign, other_contract, contract)
    tier_price = _tier_price(contracts, np.maximum(contract, 0), qty)
    netpr = np.where(on_contract, tier_price, list_price * rng.uniform(1.0, 1.12, n))
    netpr = np.where(off_price, tier_price * rng.uniform(1.03, 1.12, n), netpr)
    ref = np.where(on_contract | foreign, contract, -1)
    ekgrp = np.array(PURCHASING_GROUPS)[
        np.searchsorted(
            np.array(["ELEC", "FOOD", "HOME", "PACK", "RAW"]),
            np.char.rstrip(p.matkl[product].astype(str), "0123456789"),
        )
        % len(PURCHASING_GROUPS)
    ]
    deleted = (rng.random(n) < 0.01) & ~over365
    nv = ctx.rates["newer_version_row"]
    change = ((rng.random(n) < nv) | (deleted & (nv > 0))) & ~over365
    change_day = np.where(change, np.maximum(bedat, 0) + rng.integers(1, 11, n), -1)
    change_day = np.where(change_day > ctx.last, -1, change_day)
    qty_final = np.where(
        (change_day >= 0) & ~deleted, np.maximum(1, np.rint(qty * rng.uniform(0.8, 1.2, n))), qty
    )
    early = np.zeros(n, bool)
    rate = ctx.rates["receipt_before_po"]
    if rate > 0:
        early = (rng.random(n) < rate) & (bedat >= 10) & ~deleted & ~over365
    gid, pos = group_numbers([bedat, supplier, plant], max_size=10)
    strategy, indicator, status = release(ctx, gid, p.cost_eur[product] * qty_final)
    lines = PoLines(
        ebeln=4_500_000_000 + gid,
        ebelp=pos * 10,
        supplier=supplier,
        product=product,
        plant=plant,
        qty=qty_final.astype(np.int64),
        qty_initial=qty,
        netpr=np.round(netpr, 2),
        peinh=p.peinh[product],
        currency=currency,
        bedat=bedat,
        eindt=eindt,
        contract=ref,
        ekgrp=ekgrp,
        deleted=deleted,
        change_day=change_day,
        over365=over365,
        early=early,
        release_strategy=strategy,
        release_indicator=indicator,
        release_status=status,
    )
    return lines, contracts


def release(
    ctx: Context, po: np.ndarray, value_eur: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """SAP release fields per line from its PO's value (``po``: PO number per line).

    The strategy (FRGSX) follows the PO value (``RELEASE_STRATEGIES``); FRGZU holds one ``X``
    per level released and FRGKE is ``R`` once released, ``B`` while blocked. Gaps: some POs
    carry no release record at all, some were released a level short, some are still blocked.
    Drawn from their own stream so the other PO fields do not move.
    """
    rng = ctx.rng("po-release")
    ids, first, inverse = np.unique(po, return_index=True, return_inverse=True)
    total = np.zeros(len(ids))
    np.add.at(total, inverse, value_eur)
    bounds = np.array([b for b, _, _ in RELEASE_STRATEGIES])
    k = np.searchsorted(bounds, total, side="right") - 1
    names = np.array([name for _, name, _ in RELEASE_STRATEGIES])[k]
    levels = np.array([n for _, _, n in RELEASE_STRATEGIES])[k]
    u = rng.random(len(ids))
    gaps = RELEASE_GAPS
    no_record = u < gaps["no_record"]
    short = (u >= gaps["no_record"]) & (u < gaps["no_record"] + gaps["short"]) & (levels > 1)
    blocked = u >= 1 - gaps["blocked"]
    released = np.where(short | blocked, levels - 1, levels)
    status = np.array(["X" * int(n) for n in released], dtype=object)
    indicator = np.where(blocked, "B", "R").astype(object)
    strategy = names.astype(object)
    for a in (strategy, indicator, status):
        a[no_record] = ""
    return strategy[inverse], indicator[inverse], status[inverse]


def _applicable(
    c: Contracts, product: np.ndarray, supplier: np.ndarray, day: np.ndarray
) -> np.ndarray:
    """Index of the supplier's contract item for each (product, supplier, day), -1 when none
    is valid."""
    out = np.full(len(product), -1)
    width = max(int(supplier.max(initial=0)), int(c.supplier.max(initial=0))) + 1
    key = product * width + supplier
    c_key = c.product * width + c.supplier
    for gen in range(2):  # at most an original and a renewal per material and supplier
        first = np.full(max(int(key.max(initial=0)), int(c_key.max(initial=0))) + 1, -1)
        order = np.arange(c.n)[::-1] if gen else np.arange(c.n)
        first[c_key[order]] = order
        cand = first[key]
        ok = (
            (cand >= 0)
            & (c.valid_from[np.maximum(cand, 0)] <= day)
            & (day <= c.valid_to[np.maximum(cand, 0)])
        )
        out = np.where(ok & (out < 0), cand, out)
    return out


def _tier_price(c: Contracts, item: np.ndarray, qty: np.ndarray) -> np.ndarray:
    mins = c.tier_min[item]
    level = np.where(c.tiered[item], (qty[:, None] >= mins).sum(axis=1) - 1, 0)
    return c.tier_price[item, np.maximum(level, 0)]


def reliability(ctx: Context, n_suppliers: int) -> np.ndarray:
    """Each supplier's own chance of delivering a PO line on time (0.60-0.97), so that
    scorecards separate reliable suppliers from poor ones."""
    return ctx.rng("supplier-reliability").uniform(0.6, 0.97, n_suppliers)


def build_receipts(ctx: Context, po: PoLines) -> Receipts:
    rng = ctx.rng("receipts")
    n = po.n
    # each supplier delivers its own share of lines on time: lines ranked at random within
    # the supplier, the first share of them on time
    n_sup = int(po.supplier.max(initial=0)) + 1
    order = np.lexsort((rng.random(n), po.supplier))
    count = np.bincount(po.supplier, minlength=n_sup)
    rank = np.empty(n)
    rank[order] = np.arange(n) - np.repeat(np.cumsum(count) - count, count)
    u = (rank + 0.5) / np.maximum(count[po.supplier], 1)
    on_time = reliability(ctx, n_sup)[po.supplier]
    severe = rng.random(n) < 0.3
    delay = np.select(
        [u < on_time, ~severe],
        [rng.integers(-2, 1, n), rng.integers(1, 11, n)],
        rng.integers(11, 31, n),
    )
    budat = po.eindt + delay
    budat = np.where(po.over365, rng.integers(0, max(1, min(60, ctx.days)), n), budat)
    budat = np.where(po.early, po.bedat - rng.integers(1, 10, n), budat)
    budat = np.maximum(budat, np.where(po.early | po.over365, -10_000, po.bedat))
    v = rng.random(n)
    short = (v < 0.10) & (po.qty > 1)
    split = (v >= 0.10) & (v < 0.18) & (po.qty > 1)
    q1 = np.where(
        short,
        po.qty * rng.uniform(0.75, 0.95, n),
        np.where(split, po.qty * rng.uniform(0.6, 0.9, n), po.qty),
    )
    q1 = np.clip(np.floor(q1), 1, po.qty).astype(np.int64)
    live = ~po.deleted
    i1 = np.flatnonzero(live)
    i2 = np.flatnonzero(live & split)
    po_idx = np.r_[i1, i2]
    day = np.r_[budat[i1], budat[i2] + rng.integers(3, 11, len(i2))]
    qty = np.r_[q1[i1], (po.qty - q1)[i2]]
    flag = np.r_[
        np.where(po.over365[i1], "over365", np.where(po.early[i1], "early", "")),
        np.full(len(i2), ""),
    ]
    mvt = np.full(len(po_idx), "101")
    # reversals (102) and returns to the supplier (122) of some first receipts
    w = rng.random(len(i1))
    rev = np.flatnonzero((w < 0.01) & (q1[i1] > 1))
    ret = np.flatnonzero((w >= 0.01) & (w < 0.025) & (q1[i1] > 2))
    rev_qty = -np.maximum(1, np.floor(q1[i1][rev] * rng.uniform(0.1, 0.5, len(rev))))
    ret_qty = -np.maximum(1, np.floor(q1[i1][ret] * rng.uniform(0.05, 0.2, len(ret))))
    po_idx = np.r_[po_idx, i1[rev], i1[ret]]
    day = np.r_[
        day,
        budat[i1][rev] + rng.integers(1, 4, len(rev)),
        budat[i1][ret] + rng.integers(2, 11, len(ret)),
    ]
    qty = np.r_[qty, rev_qty, ret_qty].astype(np.int64)
    mvt = np.r_[mvt, np.full(len(rev), "102"), np.full(len(ret), "122")]
    flag = np.r_[flag, np.full(len(rev) + len(ret), "")]
    extract = np.where(flag == "early", np.maximum(po.bedat[po_idx], 0), day)
    keep = (day >= 0) | (flag != "")
    keep &= (extract >= 0) & (extract <= ctx.last) & (day <= ctx.last)
    po_idx, day, qty, mvt, flag, extract = (a[keep] for a in (po_idx, day, qty, mvt, flag, extract))
    gid, pos = group_numbers([extract, day, po.ebeln[po_idx]], max_size=20)
    return Receipts(
        mblnr=5_000_000_000 + gid,
        zeile=pos,
        po=po_idx,
        budat=day,
        qty=qty,
        bwart=mvt,
        day=extract,
        flag=flag,
    )


# ---------------------------------------------------------------------------------------
# rows


def po_days(
    ctx: Context, m: Masters, po: PoLines, c: Contracts
) -> Iterator[tuple[int, Rows, dict[str, int]]]:
    versions = ctx.rates["newer_version_row"] > 0
    changed = po.change_day >= 0
    idx = np.arange(po.n)
    first_day = np.maximum(po.bedat, 0)
    if versions:
        all_idx = np.r_[idx, idx[changed]]
        all_day = np.r_[first_day, po.change_day[changed]]
        initial = np.r_[changed, np.zeros(int(changed.sum()), bool)]
    else:
        all_idx, all_day, initial = idx, first_day, np.zeros(po.n, bool)
    order = np.lexsort((all_idx, all_day))
    all_idx, all_day, initial = all_idx[order], all_day[order], initial[order]
    plants = np.array([pl[0] for pl in PLANTS])

    def build(lo: int, hi: int):
        i, init = all_idx[lo:hi], initial[lo:hi]
        qty = np.where(init, po.qty_initial[i], po.qty[i])
        deleted = po.deleted[i] & ~init
        if versions:
            aedat = np.where(init, po.bedat[i], all_day[lo:hi])
        else:
            aedat = np.where(changed[i], po.change_day[i], po.bedat[i])
        ref = po.contract[i]
        has = ref >= 0
        cols = {
            "EBELN": text(po.ebeln[i]),
            "EBELP": pad(text(po.ebelp[i]), 5),
            "BSART": text(np.full(len(i), "NB")),
            "LIFNR": pad(text(m.suppliers.ids[po.supplier[i]]), 10),
            "MATNR": pad(text(m.products.ids[po.product[i]]), 18),
            "WERKS": text(plants[po.plant[i]]),
            "MENGE": fixed(qty, 3),
            "MEINS": text(m.products.meins[po.product[i]]),
            "NETPR": fixed(po.netpr[i], 2),
            "PEINH": text(po.peinh[i]),
            "WAERS": text(po.currency[i]),
            "BEDAT": sap_date(ctx, po.bedat[i]),
            "EINDT": sap_date(ctx, po.eindt[i]),
            "KONNR": text(np.where(has, c.contract[np.maximum(ref, 0)].astype(str), "")),
            "KTPNR": pc.if_else(pa.array(has), pad(text(c.item[np.maximum(ref, 0)]), 5), ""),
            "EKGRP": text(po.ekgrp[i]),
            "LOEKZ": text(np.where(deleted, "X", "")),
            "AEDAT": sap_date(ctx, aedat),
            "FRGSX": text(po.release_strategy[i]),
            "FRGKE": text(po.release_indicator[i]),
            "FRGZU": text(po.release_status[i]),
        }
        orphan_s = m.suppliers.ghost[po.supplier[i]]
        orphan_m = m.products.ghost[po.product[i]]
        multi = changed[i] if versions else np.zeros(len(i), bool)
        resent = multi & ~init
        special = po.over365[i] | po.early[i]  # their receipts are counted; keep them intact
        return (
            cols,
            orphan_s | orphan_m | resent | special,
            multi & init,
            {"orphan_supplier": orphan_s, "orphan_material": orphan_m, "newer_version_row": resent},
        )

    yield from split_days(all_day, ctx.days, build)


def receipt_days(
    ctx: Context, m: Masters, po: PoLines, r: Receipts
) -> Iterator[tuple[int, Rows, dict[str, int]]]:
    order = np.lexsort((r.zeile, r.mblnr, r.day))
    years = np.datetime_as_string(
        (np.asarray(r.budat) + ctx.start_epoch_day).astype("datetime64[D]").astype("datetime64[Y]"),
        unit="Y",
    )
    plants = np.array([pl[0] for pl in PLANTS])

    def build(lo: int, hi: int):
        i = order[lo:hi]
        p = r.po[i]
        cols = {
            "MBLNR": text(r.mblnr[i]),
            "MJAHR": text(years[i]),
            "ZEILE": pad(text(r.zeile[i]), 4),
            "EBELN": text(po.ebeln[p]),
            "EBELP": pad(text(po.ebelp[p]), 5),
            "MATNR": pad(text(m.products.ids[po.product[p]]), 18),
            "WERKS": text(plants[po.plant[p]]),
            "BUDAT": sap_date(ctx, r.budat[i]),
            "MENGE": fixed(r.qty[i], 3, trailing_minus=True),
            "BWART": text(r.bwart[i]),
        }
        orphan_m = m.products.ghost[po.product[p]]
        over = r.flag[i] == "over365"
        early = r.flag[i] == "early"
        return (
            cols,
            orphan_m | over | early,
            None,
            {"orphan_material": orphan_m, "lead_time_over_365": over, "receipt_before_po": early},
        )

    yield from split_days(r.day[order], ctx.days, build)


def notifications(
    ctx: Context, m: Masters, po: PoLines, r: Receipts
) -> Iterator[tuple[int, Rows, dict[str, int]]]:
    """Quality notifications on some receipts, with the defects of sources.md class 6."""
    rng = ctx.rng("notifications")
    first = (r.bwart == "101") & (r.flag == "") & ~m.suppliers.ghost[po.supplier[r.po]]
    returned = r.bwart == "122"
    pick = np.flatnonzero(
        (first & (rng.random(len(r.po)) < 0.05)) | (returned & (rng.random(len(r.po)) < 0.6))
    )
    n = len(pick)
    received = np.abs(r.qty[pick])
    inspected = np.where(
        returned[pick],
        received,
        np.minimum(received, np.maximum(5, np.rint(received * rng.uniform(0.05, 0.3, n)))),
    ).astype(np.int64)
    defect = np.where(
        returned[pick], inspected, np.rint(inspected * rng.uniform(0, 0.15, n))
    ).astype(np.int64)
    created = np.minimum(r.budat[pick] + rng.integers(0, 6, n), ctx.last)
    order = np.lexsort((pick, created))
    pick, inspected, defect, created = pick[order], inspected[order], defect[order], created[order]
    p = r.po[pick]
    supplier = text(m.suppliers.ids[po.supplier[p]])
    po_number = text(po.ebeln[p])
    orphan_m = m.products.ghost[po.product[p]]
    rates = ctx.rates
    classes = [
        ("defect_gt_inspected", rates["defect_gt_inspected"]),
        ("negative_quantity", rates["negative_quantity"]),
        ("empty_supplier_id", rates["empty_supplier_id"]),
        ("unknown_supplier_id", rates["unknown_supplier_id"]),
    ]
    masks = d.choose_rows(rng, n, classes, orphan_m, at_least_one=True)
    if masks["unknown_supplier_id"].sum() == 1:  # room for a resolvable and an unresolvable
        taken = orphan_m.copy()
        for mask in masks.values():
            taken |= mask
        spare = np.flatnonzero(~taken)
        if len(spare):
            masks["unknown_supplier_id"][spare[-1]] = True
    defect = np.where(masks["defect_gt_inspected"], inspected + rng.integers(1, 20, n), defect)
    neg = masks["negative_quantity"]
    neg_inspected = neg & (rng.random(n) < 0.5)
    inspected = np.where(neg_inspected, -inspected, inspected)
    defect = np.where(neg & ~neg_inspected, -np.maximum(defect, 1), defect)
    unknown = masks["unknown_supplier_id"]
    unresolvable = unknown & (rng.random(n) < 0.5)
    if unknown.sum() >= 2 and not unresolvable.any():  # keep both kinds present
        unresolvable[np.flatnonzero(unknown)[0]] = True
    supplier = _put(supplier, masks["empty_supplier_id"], "")
    supplier = _put(supplier, unknown, lambda k: (99_000 + np.arange(k) * 13).astype(str))
    po_number = _put(
        po_number, unresolvable, lambda k: (4_599_000_000 + np.arange(k) * 7).astype(str)
    )
    codes = np.array([f"D{k:02d}" for k in range(1, 13)])
    severity = rng.choice(np.array(["minor", "major", "critical"]), n, p=[0.6, 0.3, 0.1])
    cols_all = {
        "notification_id": text(300_000_000 + np.arange(n)),
        "supplier_id": supplier,
        "material_id": text(m.products.ids[po.product[p]]),
        "po_number": po_number,
        "po_item": text(po.ebelp[p]),
        "inspected_qty": text(inspected),
        "defect_qty": text(defect),
        "defect_code": text(codes[rng.integers(len(codes), size=n)]),
        "severity": text(severity),
        "created_on": iso_date(ctx, created),
    }
    protected = orphan_m | masks["defect_gt_inspected"] | neg | masks["empty_supplier_id"] | unknown
    flags = {
        "orphan_material": orphan_m,
        "defect_gt_inspected": masks["defect_gt_inspected"],
        "negative_quantity": neg,
        "empty_supplier_id": masks["empty_supplier_id"],
        "unknown_supplier_id": unknown,
        "unknown_supplier_unresolvable": unresolvable,
    }

    def build(lo: int, hi: int):
        return (
            {k: v.slice(lo, hi - lo) for k, v in cols_all.items()},
            protected[lo:hi],
            None,
            {k: v[lo:hi] for k, v in flags.items()},
        )

    yield from split_days(created, ctx.days, build)


def _put(values: pa.Array, mask: np.ndarray, new) -> pa.Array:
    k = int(mask.sum())
    if k == 0:
        return values
    fill = new(k) if callable(new) else np.full(k, new)
    return pc.replace_with_mask(values, pa.array(mask), pa.array(fill, type=pa.string()))
