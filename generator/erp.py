"""ERP order-to-cash: sales order lines, delivery items and daily stock.

Demand is built per product and ISO week first, so each product's weekly ordered quantity
follows its pattern by construction (steady ``X``: each product its own noise level;
``Y``: each its own seasonal swing and noise; ``Z``: intermittent at its own rate or a short
season of its own length), so weekly CoVs spread continuously from about 0.1 to above 2, and
is then split into order lines over the customers. Requested dates of B2B lines fall on the
ship-to's delivery route days, one Singapore customer group is supplied by sea from the US
plant, and orders are delivered per loading group. Everything is numpy over all lines.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from generator.common import (
    PLANTS,
    Context,
    fixed,
    group_numbers,
    pad,
    pick_weighted,
    sap_date,
    text,
)
from generator.masters import COUNTRY_PLANT, Fx, Masters
from generator.writers import Rows, TextSpec, split_days

SO_SPEC = TextSpec(
    unpad="KUNNR",
    whitespace="KUNWE",
    unparseable=(
        ("KWMENG", "number"),
        ("NETWR", "number"),
        ("ERDAT", "sap_date"),
        ("VDATU", "sap_date"),
    ),
)
DELIVERY_SPEC = TextSpec(
    unpad="MATNR", whitespace="MATNR", unparseable=(("LFIMG", "number"), ("WADAT_IST", "sap_date"))
)
#: Nominal transit days by route kind: domestic, cross-border, intercontinental.
TRANSIT_DAYS = (2, 3, 22)


@dataclass
class SalesLines:
    order: np.ndarray  # VBELN number
    item: np.ndarray  # POSNR
    customer: np.ndarray
    ship_to: np.ndarray
    product: np.ndarray
    plant: np.ndarray
    qty: np.ndarray  # final quantity
    qty_initial: np.ndarray
    value: np.ndarray  # final net value, order currency
    value_initial: np.ndarray
    currency: np.ndarray
    erdat: np.ndarray
    vdatu: np.ndarray
    channel: np.ndarray
    prio: np.ndarray
    rejected: np.ndarray
    change_day: np.ndarray  # day the line is re-sent changed (-1 = never)
    route: np.ndarray  # 0 domestic, 1 cross-border, 2 intercontinental

    @property
    def n(self) -> int:
        return len(self.order)


@dataclass
class DeliveryItems:
    delivery: np.ndarray  # VBELN number of the delivery
    item: np.ndarray
    line: np.ndarray  # index into SalesLines
    qty: np.ndarray
    gi_day: np.ndarray


def week_grid(ctx: Context) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """ISO weeks touching the run: (first day offset, number of days in range, week of day)."""
    epoch = ctx.start_epoch_day + np.arange(ctx.days)
    week = (epoch + 3) // 7  # 1970-01-05 (epoch day 4) is a Monday
    week -= week[0]
    n_weeks = int(week[-1]) + 1
    first = np.full(n_weeks, ctx.days)
    np.minimum.at(first, week, np.arange(ctx.days))
    count = np.bincount(week, minlength=n_weeks)
    return first, count, week


def build_sales(ctx: Context, m: Masters, fx: Fx) -> SalesLines:
    rng = ctx.rng("sales")
    p = m.products
    sold = np.flatnonzero(p.sold)
    first, count, _ = week_grid(ctx)
    n_weeks = len(first)
    frac = count / 7.0
    target_lines = 1_000_000 * ctx.scale * ctx.year_fraction
    share = p.volume[sold] / p.volume[sold].sum()
    lines_per_week = target_lines * share / max(1.0, n_weeks * frac.mean())
    q_typ = np.clip(rng.lognormal(np.log(18), 0.6, len(sold)), 6, 400)
    pattern = np.ones((len(sold), n_weeks))
    pat = p.pattern[sold]
    x, y, z = pat == "X", pat == "Y", pat == "Z"
    # Variability is spread continuously: each steady product has its own noise level and
    # each seasonal one its own swing and noise, so weekly CoVs fill 0.1-1.0 without gaps.
    x_sigma = rng.uniform(0.04, 0.42, (x.sum(), 1))
    pattern[x] = rng.lognormal(0, 1, (x.sum(), n_weeks)) ** x_sigma
    phase = rng.uniform(0, 2 * np.pi, (y.sum(), 1))
    swing = rng.uniform(0.35, 1.3, (y.sum(), 1))
    wave = 1 + swing * np.sin(2 * np.pi * np.arange(n_weeks) / 52 + phase)
    y_sigma = rng.uniform(0.15, 0.6, (y.sum(), 1))
    pattern[y] = np.maximum(0.05, wave) * rng.lognormal(0, 1, (y.sum(), n_weeks)) ** y_sigma
    # Z: intermittent (each product active in its own 12-60 % of the weeks) or a short
    # season of its own 6-16 weeks.
    seasonal = rng.random(z.sum()) < 0.3
    season_len = rng.integers(6, 17, (z.sum(), 1))
    season_start = rng.integers(0, max(1, n_weeks - 8), (z.sum(), 1))
    weeks = np.arange(n_weeks)
    in_season = (weeks >= season_start) & (weeks < season_start + season_len)
    p_active = rng.uniform(0.12, 0.6, (z.sum(), 1))
    active = np.where(seasonal[:, None], in_season, rng.random((z.sum(), n_weeks)) < p_active)
    pattern[z] = (
        active * rng.lognormal(0, 0.8, (z.sum(), n_weeks)) * np.where(seasonal[:, None], 5.0, 3.0)
    )
    lam = lines_per_week[:, None] * pattern * frac[None, :]
    qty_week = lam * q_typ[:, None]
    n_lines = _line_counts(lam, qty_week, x, count)
    # steady products need a line every week; give the others fewer lines to stay on target
    spare = target_lines - n_lines[x].sum()
    others = n_lines[~x].sum()
    if others > 0 and spare > 0 and n_lines.sum() > 1.05 * target_lines:
        lam[~x] *= spare / others
        n_lines = _line_counts(lam, qty_week, x, count)
    qty_week = np.maximum(qty_week, n_lines)

    pw = np.repeat(np.arange(n_lines.size), n_lines.ravel())
    prod_local, wk = np.divmod(pw, n_weeks)
    product = sold[prod_local]
    c = m.customers
    customer = pick_weighted(rng, c.weight, len(pw))
    day = _order_day(ctx, rng, c.channel, customer, first[wk], count[wk])
    mult = np.select([c.channel == "10", c.channel == "20"], [3.0, 1.5], 0.3)[customer]
    mult = mult * rng.lognormal(0, 0.25, len(pw))
    group_sum = np.bincount(pw, weights=mult, minlength=n_lines.size)
    qty = np.maximum(1, np.rint(qty_week.ravel()[pw] * mult / group_sum[pw])).astype(np.int64)

    ship_to = _ship_to(rng, m, customer)
    country = c.country[ship_to]
    plant = (
        np.array([COUNTRY_PLANT[k] for k in country.tolist()])
        if len(country)
        else np.zeros(0, np.int64)
    )
    south = np.isin(c.region[ship_to], ["BY", "HE"])
    plant = np.where((country == "DE") & south, 1, plant)
    overseas = (country == "SG") & _importer(c)[ship_to]
    plant = np.where(overseas, 3, plant)
    route = np.where(overseas, 2, np.where(np.isin(country, ["DE", "GB", "US", "SG"]), 0, 1))

    order_gid, pos = group_numbers([day, customer, ship_to, plant], max_size=8)
    currency = c.currency[customer]
    value_eur = qty * p.price_eur[product] * c.discount[customer] * rng.lognormal(0, 0.03, len(pw))
    value = np.round(fx.from_eur(value_eur, currency, day), 2)
    channel = c.channel[customer]
    n_orders = int(order_gid.max()) + 1 if len(order_gid) else 0
    promise = np.select(
        [channel == "10", channel == "20"],
        [rng.integers(3, 8, n_orders)[order_gid], rng.integers(2, 6, n_orders)[order_gid]],
        rng.integers(1, 4, n_orders)[order_gid],
    )
    prio = np.where(
        channel == "30",
        rng.choice([1, 2, 3, 4], len(pw), p=[0.2, 0.4, 0.3, 0.1]),
        rng.choice([1, 2, 3, 4], len(pw), p=[0.07, 0.2, 0.58, 0.15]),
    )
    transit = np.array(TRANSIT_DAYS)[route]
    transit = np.where((route == 2) & (prio == 1), 3, transit)
    promise = np.where(route == 2, promise + transit, promise)  # quoted with the sea leg
    own_day = (channel == "30") | (prio == 1)
    gi = _delivery_day(ctx, ship_to, day, day + promise - transit, own_day, route == 2)
    promise = gi + transit - day
    rejected = rng.random(len(pw)) < 0.02
    nv = ctx.rates["newer_version_row"]
    change_day = np.where(rng.random(len(pw)) < nv * 0.6, day + rng.integers(1, 5, len(pw)), -1)
    if nv > 0:
        change_day = np.where(rejected, day + rng.integers(1, 6, len(pw)), change_day)
    change_day = np.where(change_day > ctx.last, -1, change_day)
    qty_final = np.where(
        (change_day >= 0) & ~rejected,
        np.maximum(1, np.rint(qty * rng.uniform(0.7, 1.3, len(pw)))),
        qty,
    )
    qty_final = qty_final.astype(np.int64)
    value_final = np.round(value * qty_final / qty, 2)
    return SalesLines(
        order=10_000_000 + order_gid,
        item=pos * 10,
        customer=customer,
        ship_to=ship_to,
        product=product,
        plant=plant,
        qty=qty_final,
        qty_initial=qty,
        value=value_final,
        value_initial=value,
        currency=currency,
        erdat=day,
        vdatu=day + promise,
        channel=channel,
        prio=prio,
        rejected=rejected,
        change_day=change_day,
        route=route,
    )


def _importer(c) -> np.ndarray:
    """The Singapore customer group supplied from the US plant by sea: the one ordering
    most (largest order weight of its Singapore members), as a mask over customers."""
    top = np.arange(c.n)
    for k in range(c.n):  # parents come before their children
        if c.parent[k] >= 0:
            top[k] = top[c.parent[k]]
    leaf = np.array([len(x) == 1 and x[0] == k for k, x in enumerate(c.leaves)], dtype=bool)
    sg = (c.country == "SG") & ~c.ghost & leaf
    if not sg.any():
        return sg
    # what a group orders reaches its leaves: weigh each leaf by its whole group's ordering
    group_weight = np.bincount(top, weights=c.weight, minlength=c.n)
    members = np.bincount(top[sg], minlength=c.n) * group_weight
    return sg & (top == int(np.argmax(members)))


def _delivery_day(
    ctx: Context,
    ship_to: np.ndarray,
    erdat: np.ndarray,
    gi: np.ndarray,
    own_day: np.ndarray,
    by_sea: np.ndarray,
) -> np.ndarray:
    """Planned goods issue on the ship-to's delivery route: B2B ship-tos are served on one
    (most) or two fixed weekdays, so orders of several days leave together in one shipment;
    sea freight (``by_sea``) sails on that weekday every other week. The route day at or
    before the planned issue (not before the order day) is taken, else the next one;
    e-commerce and urgent lines (``own_day``) ship on their own day."""
    rng = ctx.rng("route-days")
    n_ship_to = int(ship_to.max(initial=0)) + 1
    idx = np.arange(n_ship_to)
    route = np.zeros((n_ship_to, 7), bool)
    first = rng.integers(0, 5, n_ship_to)
    second = (first + rng.integers(2, 4, n_ship_to)) % 5
    route[idx, first] = True
    route[idx, second] |= rng.random(n_ship_to) < 0.15
    out = gi.copy()
    found = own_day.copy()
    span = np.where(by_sea, 14, 7)

    def served(day: np.ndarray) -> np.ndarray:
        epoch = ctx.start_epoch_day + day
        sailing = ((epoch + 3) // 7) % 2 == 0
        return route[ship_to, (epoch + 3) % 7] & (~by_sea | sailing)

    for back in range(14):
        day = gi - back
        hit = ~found & (back < span) & (day >= erdat) & served(day)
        out = np.where(hit, day, out)
        found |= hit
    for ahead in range(1, 14):
        day = gi + ahead
        hit = ~found & (ahead < span) & served(day)
        out = np.where(hit, day, out)
        found |= hit
    return out


def _line_counts(
    lam: np.ndarray, qty_week: np.ndarray, steady: np.ndarray, week_days: np.ndarray
) -> np.ndarray:
    """Lines per product and week: the expected count, at least one where there is demand
    and, for steady products, in every week of the run."""
    n_lines = np.where(qty_week >= 1, np.maximum(1, np.rint(lam)), 0).astype(np.int64)
    n_lines[steady] = np.maximum(n_lines[steady], (week_days > 0)[None, :])
    return n_lines


def _order_day(
    ctx: Context,
    rng: np.random.Generator,
    channel: np.ndarray,
    customer: np.ndarray,
    week_first: np.ndarray,
    week_days: np.ndarray,
) -> np.ndarray:
    """Order day of each line: a customer orders on its own weekdays (B2B customers on one
    to three fixed days a week, e-commerce every day), in the line's demand week."""
    n_customers = len(channel)
    per_week = np.where(channel == "30", 7, rng.integers(1, 4, n_customers))
    weekdays = np.argsort(rng.random((n_customers, 7)), axis=1)  # a random order of Mon-Sun
    weekdays = np.where(np.arange(7)[None, :] < per_week[:, None], weekdays, 7)
    weekdays = np.sort(np.minimum(weekdays, 7), axis=1)  # chosen days first, then padding
    pick = np.floor(rng.random(len(customer)) * per_week[customer]).astype(np.int64)
    weekday = weekdays[customer, pick]
    monday = week_first - (ctx.start_epoch_day + week_first + 3) % 7
    day = monday + weekday
    fallback = week_first + np.floor(rng.random(len(customer)) * week_days).astype(np.int64)
    inside = (day >= week_first) & (day < week_first + week_days)
    return np.where(inside, day, fallback)


def _ship_to(rng: np.random.Generator, m: Masters, customer: np.ndarray) -> np.ndarray:
    leaves = m.customers.leaves
    counts = np.array([len(x) for x in leaves])
    starts = np.r_[0, np.cumsum(counts)[:-1]]
    flat = np.concatenate(leaves)
    k = np.floor(rng.random(len(customer)) * counts[customer]).astype(np.int64)
    return flat[starts[customer] + k]


def loading_group(m: Masters, product: np.ndarray) -> np.ndarray:
    """Warehouse zone a line is picked in, one delivery per zone: 0 chilled, 1 grocery
    (food and beverages), 2 non-food."""
    p = m.products
    group = p.matkl[product].astype(str)
    grocery = np.char.startswith(group, "FOOD") | np.char.startswith(group, "BEV")
    return np.where(p.cold[product], 0, np.where(grocery, 1, 2))


def build_deliveries(ctx: Context, m: Masters, s: SalesLines) -> DeliveryItems:
    rng = ctx.rng("deliveries")
    n = s.n
    outcome = rng.random(n)
    never = (outcome < 0.015) | s.rejected
    short = (outcome >= 0.015) & (outcome < 0.075) & (s.qty > 1)
    split = short & (rng.random(n) < 0.5)
    # lateness is mostly a matter of the whole order; a tenth of the lines slip on their own
    orders, order_idx = np.unique(s.order, return_inverse=True)
    timing = rng.random(len(orders))[order_idx]
    timing = np.where(rng.random(n) < 0.1, rng.random(n), timing)
    delay = np.select(
        [timing < 0.85, timing < 0.97],
        [
            np.where(rng.random(len(orders)) < 0.1, -1, 0)[order_idx],
            rng.integers(1, 6, len(orders))[order_idx],
        ],
        rng.integers(6, 16, len(orders))[order_idx],
    )
    transit = np.array(TRANSIT_DAYS)[s.route]
    transit = np.where((s.route == 2) & (s.prio == 1), 3, transit)
    gi = np.maximum(s.erdat, s.vdatu - transit + delay)
    first_qty = np.where(
        short, np.maximum(1, np.floor(s.qty * rng.uniform(0.5, 0.95, n))), s.qty
    ).astype(np.int64)
    first_qty = np.minimum(first_qty, np.where(short, s.qty - 1, s.qty))
    idx1 = np.flatnonzero(~never)
    idx2 = np.flatnonzero(split & ~never)
    line = np.r_[idx1, idx2]
    qty = np.r_[first_qty[idx1], (s.qty - first_qty)[idx2]]
    day = np.r_[gi[idx1], gi[idx2] + rng.integers(2, 11, len(idx2))]
    keep = day <= ctx.last
    line, qty, day = line[keep], qty[keep], day[keep]
    gid, pos = group_numbers([day, s.order[line], loading_group(m, s.product[line])])
    return DeliveryItems(delivery=80_000_000 + gid, item=pos * 10, line=line, qty=qty, gi_day=day)


# ---------------------------------------------------------------------------------------
# stock


def safety_stock(ctx: Context, demand: np.ndarray) -> np.ndarray:
    """EISBE per product x plant: half a week to two weeks of the plant's average demand
    (0 where the plant has none), so safety stock is a small part of the stock."""
    rng = ctx.rng("safety-stock")
    weekly = demand / (52.0 * ctx.year_fraction)
    return np.round(weekly * rng.uniform(0.5, 2.0, demand.shape))


def stock_levels(
    ctx: Context, m: Masters, receipts: tuple[np.ndarray, ...], s: SalesLines, dl: DeliveryItems
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Daily (LABST, INSME, SPEME) per product x plant, moved by receipts and deliveries.

    ``receipts`` = (product, plant, day, signed quantity). Raw materials are consumed by
    production at the pace they are received. Returns arrays [days, products * plants].
    """
    n_plants = len(PLANTS)
    size = m.products.n * n_plants
    days = ctx.days
    r_prod, r_plant, r_day, r_qty = receipts
    inside = (r_day >= 0) & (r_day < days)
    delta = np.zeros((days, size))
    np.add.at(delta, (r_day[inside], (r_prod * n_plants + r_plant)[inside]), r_qty[inside])
    inflow = delta.copy()
    mp = s.product[dl.line] * n_plants + s.plant[dl.line]
    np.add.at(delta, (dl.gi_day, mp), -dl.qty)
    raw = np.repeat(~m.products.sold, n_plants)
    consumption = np.zeros(size)
    consumption[raw] = inflow[:, raw].sum(axis=0) / days
    delta -= consumption[None, :]
    outflow = np.zeros(size)
    np.add.at(outflow, mp, dl.qty)
    opening = m.products.eisbe.ravel() + outflow / days * 21 + consumption * 21
    total = np.maximum(0, opening[None, :] + np.cumsum(delta, axis=0))
    recent = inflow + np.vstack([np.zeros((1, size)), inflow[:-1]])
    insme = np.minimum(total, np.rint(np.maximum(recent, 0) * 0.3))
    rng = ctx.rng("stock")
    blocked_share = np.where(rng.random(size) < 0.05, rng.uniform(0.01, 0.05, size), 0)
    speme = np.rint((total - insme) * blocked_share[None, :])
    labst = np.round(total - insme - speme, 3)
    return labst, insme, speme


# ---------------------------------------------------------------------------------------
# rows as ERP writes them


def material_text(m: Masters, idx: np.ndarray) -> pa.Array:
    return pad(text(m.products.ids[idx]), 18)


def sales_rows(
    ctx: Context,
    m: Masters,
    s: SalesLines,
    idx: np.ndarray,
    *,
    initial: np.ndarray,
    aedat: np.ndarray,
) -> dict[str, pa.Array]:
    """SO item rows for lines ``idx``; ``initial`` marks the first version of a changed line."""
    qty = np.where(initial, s.qty_initial[idx], s.qty[idx])
    value = np.where(initial, s.value_initial[idx], s.value[idx])
    rejected = s.rejected[idx] & ~initial
    return {
        "VBELN": pad(text(s.order[idx]), 10),
        "POSNR": pad(text(s.item[idx]), 6),
        "KUNNR": pad(text(m.customers.ids[s.customer[idx]]), 10),
        "KUNWE": pad(text(m.customers.ids[s.ship_to[idx]]), 10),
        "MATNR": material_text(m, s.product[idx]),
        "WERKS": text(np.array([PLANTS[k][0] for k in range(len(PLANTS))])[s.plant[idx]]),
        "KWMENG": fixed(qty, 3),
        "NETWR": fixed(value, 2),
        "WAERS": text(s.currency[idx]),
        "ERDAT": sap_date(ctx, s.erdat[idx]),
        "VDATU": sap_date(ctx, s.vdatu[idx]),
        "VTWEG": text(s.channel[idx]),
        "LPRIO": text(s.prio[idx]),
        "ABGRU": text(np.where(rejected, "Z1", "")),
        "AEDAT": sap_date(ctx, aedat),
    }


def delivery_rows(
    ctx: Context, m: Masters, s: SalesLines, dl: DeliveryItems, idx: np.ndarray
) -> dict[str, pa.Array]:
    line = dl.line[idx]
    return {
        "VBELN": pad(text(dl.delivery[idx]), 10),
        "POSNR": pad(text(dl.item[idx]), 6),
        "VGBEL": pad(text(s.order[line]), 10),
        "VGPOS": pad(text(s.item[line]), 6),
        "MATNR": material_text(m, s.product[line]),
        "LFIMG": fixed(dl.qty[idx], 3),
        "WADAT_IST": sap_date(ctx, dl.gi_day[idx]),
    }


def sales_days(
    ctx: Context, m: Masters, s: SalesLines
) -> Iterator[tuple[int, Rows, dict[str, int]]]:
    """Per extract day: the SO item rows of that day and the business defects they carry."""
    versions = ctx.rates["newer_version_row"] > 0
    changed = s.change_day >= 0
    idx = np.arange(s.n)
    if versions:
        all_idx = np.r_[idx, idx[changed]]
        all_day = np.r_[s.erdat, s.change_day[changed]]
        initial = np.r_[changed, np.zeros(int(changed.sum()), bool)]
    else:
        all_idx, all_day, initial = idx, s.erdat, np.zeros(s.n, bool)
    order = np.lexsort((all_idx, all_day))
    all_idx, all_day, initial = all_idx[order], all_day[order], initial[order]
    ghost_c, ghost_p = m.customers.ghost, m.products.ghost

    def build(lo: int, hi: int):
        i, init = all_idx[lo:hi], initial[lo:hi]
        aedat = np.where(init, s.erdat[i], all_day[lo:hi])
        cols = sales_rows(ctx, m, s, i, initial=init, aedat=aedat)
        orphan_c = ghost_c[s.customer[i]] | ghost_c[s.ship_to[i]]
        orphan_m = ghost_p[s.product[i]]
        multi = changed[i] if versions else np.zeros(hi - lo, bool)
        resent = multi & ~init
        return (
            cols,
            orphan_c | orphan_m | resent,
            multi & init,
            {"orphan_material": orphan_m, "orphan_customer": orphan_c, "newer_version_row": resent},
        )

    yield from split_days(all_day, ctx.days, build)


def delivery_days(
    ctx: Context, m: Masters, s: SalesLines, dl: DeliveryItems
) -> Iterator[tuple[int, Rows, dict[str, int]]]:
    """Per extract (goods issue) day: the delivery item rows of that day."""
    order = np.lexsort((dl.delivery, dl.gi_day))

    def build(lo: int, hi: int):
        idx = order[lo:hi]
        orphan_m = m.products.ghost[s.product[dl.line[idx]]]
        return delivery_rows(ctx, m, s, dl, idx), orphan_m, None, {"orphan_material": orphan_m}

    yield from split_days(dl.gi_day[order], ctx.days, build)
