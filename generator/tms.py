"""TMS: shipments consolidating ERP deliveries, their status history, and freight charges.

Deliveries leaving a plant for the same ship-to on the same goods-issue day travel in one
shipment (ERP puts B2B deliveries on the ship-to's route days, so a shipment consolidates
several orders' deliveries). Parcels go up to 30 kg, LTL up to 2.5 t, then TL or rail;
intercontinental consignments go by sea, and by air only when urgent and up to 150 kg.
Linehaul follows real tariff shapes: parcel and air per kg (air on the chargeable weight
with a minimum), LTL per kg and km, TL and rail per km, ocean per container (FCL) or per m³
(LCL with a 1 m³ minimum). The fuel surcharge (``FUEL``) is the linehaul times a rate that
follows the monthly fuel index (``seeds/serving/fuel_index_month.csv``) of the pickup month.

Each carrier reports in its own time zone (offsets differ, change with DST, one writes
``Z``) and weight unit (US carriers ``lb``). A shipment is re-sent at each status change
(``PLANNED`` → ``IN_TRANSIT`` → ``DELIVERED``); the extract of a day carries a shipment's
state at the end of that day. A few shipments are planned and cancelled, and a few carry
charges for deliveries ERP does not know (third-party moves)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from generator.common import (
    DAY_SECONDS,
    PLANTS,
    Context,
    code,
    fixed,
    group_numbers,
    iso_timestamp,
    pad,
    text,
)
from generator.erp import DeliveryItems, SalesLines
from generator.masters import Fx, Masters
from generator.writers import Rows, TextSpec, split_days

SHIPMENT_RAW = frozenset(
    {"deliveries", "distance_km", "weight", "temperature_controlled", "temperature_excursion"}
)
SHIPMENT_SPEC = TextSpec(
    pad=("ship_to", 10),
    whitespace="carrier_id",
    lowercase="carrier_id",
    unparseable=(("distance_km", "json_number"), ("planned_delivery_at", "timestamp")),
    json_raw=SHIPMENT_RAW,
)
CHARGE_SPEC = TextSpec(
    whitespace="shipment_id",
    lowercase="carrier_id",
    unparseable=(("amount", "json_number"), ("invoiced_at", "timestamp")),
    json_raw=frozenset({"amount"}),
)
MODES = np.array(["TL", "LTL", "PARCEL", "AIR", "RAIL", "OCEAN"])
STATUS = np.array(["PLANNED", "IN_TRANSIT", "DELIVERED", "CANCELLED"])
#: Heaviest consignment sent by air (urgent lines only); heavier urgent ones go by sea.
AIR_MAX_KG = 150
#: Ocean: a consignment of at least this many m³ fills its own containers (FCL), below it
#: travels groupage (LCL) charged per m³ (or per tonne when heavier, "W/M"), at least 1.
FCL_MIN_M3 = 14.0
CONTAINER_M3 = 58.0  # usable volume of a 40' container
AIR_KG_PER_M3 = 167.0  # IATA volumetric divisor (6000 cm³/kg)
LB_PER_KG = 1 / 0.45359237
#: Fuel surcharge: linehaul x FUEL_RATE_AT_100 x index / 100, index of the pickup month (months
#: outside the seed take its first or last month). Illustrative index, seeds/serving/.
FUEL_INDEX = Path(__file__).resolve().parents[1] / "seeds" / "serving" / "fuel_index_month.csv"
FUEL_RATE_AT_100 = 0.13


@dataclass
class Shipments:
    ids: np.ndarray  # number
    carrier: np.ndarray
    mode: np.ndarray
    plant: np.ndarray
    ship_to: np.ndarray  # customer index
    doc_offsets: np.ndarray  # into docs
    docs: np.ndarray  # delivery numbers (ERP VBELN), -1 style unknown ones are >= 89e6
    distance: np.ndarray
    weight_kg: np.ndarray
    cold: np.ndarray
    excursion: np.ndarray
    prio: np.ndarray
    planned_pickup: np.ndarray  # UTC seconds
    picked_up: np.ndarray
    planned_delivery: np.ndarray
    delivered: np.ndarray
    created: np.ndarray
    cancelled: np.ndarray

    @property
    def n(self) -> int:
        return len(self.ids)


def build_shipments(ctx: Context, m: Masters, s: SalesLines, dl: DeliveryItems) -> Shipments:
    rng = ctx.rng("shipments")
    p = m.products
    docs, first, inverse = np.unique(dl.delivery, return_index=True, return_inverse=True)
    line = dl.line[first]
    weight = np.bincount(
        inverse, weights=dl.qty * p.weight_kg[s.product[dl.line]], minlength=len(docs)
    )
    prio = np.full(len(docs), 9)
    np.minimum.at(prio, inverse, s.prio[dl.line])
    cold = np.zeros(len(docs), bool)
    np.logical_or.at(cold, inverse, p.cold[s.product[dl.line]])
    gi = dl.gi_day[first]
    plant, ship_to, route = s.plant[line], s.ship_to[line], s.route[line]
    gid, _ = group_numbers([gi, plant, ship_to])
    n = int(gid.max()) + 1 if len(gid) else 0
    order = np.argsort(gid, kind="stable")
    doc_offsets = np.r_[0, np.cumsum(np.bincount(gid, minlength=n))]
    lead = np.zeros(n, dtype=np.int64)
    lead[gid[::-1]] = np.arange(len(gid))[::-1]  # first document of each shipment
    sh_weight = np.bincount(gid, weights=weight, minlength=n)
    sh_prio = np.full(n, 9)
    np.minimum.at(sh_prio, gid, prio)
    sh_cold = np.zeros(n, bool)
    np.logical_or.at(sh_cold, gid, cold)
    ship = _Legs(gi[lead], plant[lead], ship_to[lead], route[lead], sh_weight, sh_prio, sh_cold)
    # a few shipments carrying deliveries unknown to ERP, and a few cancelled ones
    n_unknown = max(1, round(0.005 * n)) if n else 0
    n_cancel = max(1, round(0.005 * n)) if n else 0
    extra = rng.choice(n, size=n_unknown + n_cancel, replace=True) if n else np.zeros(0, int)
    ship = ship.extend(extra, rng)
    unknown_docs = 89_900_000 + np.arange(n_unknown)
    all_docs = np.r_[docs[order], unknown_docs]
    doc_offsets = np.r_[
        doc_offsets,
        doc_offsets[-1] + np.arange(1, n_unknown + 1),
        np.full(n_cancel, doc_offsets[-1] + n_unknown),
    ]
    cancelled = np.r_[np.zeros(n + n_unknown, bool), np.ones(n_cancel, bool)]
    total = n + n_unknown + n_cancel
    distance = _distance(ctx, m, ship.plant, ship.ship_to, ship.route)
    mode = np.where(ship.weight < 30, 2, np.where(ship.weight < 2500, 1, 0))
    mode = np.where(
        (mode == 0) & (rng.random(total) < 0.15) & np.isin(ship.plant, [0, 1, 3]), 4, mode
    )
    # intercontinental goes by sea; air only for urgent small consignments
    urgent_small = (ship.prio == 1) & (ship.weight < AIR_MAX_KG)
    mode = np.where(ship.route == 2, np.where(urgent_small, 3, 5), mode)
    carrier = _carriers(rng, m, ship.plant, mode)
    hours = np.select(
        [mode == 2, mode == 1, mode == 0, mode == 4, mode == 3],
        [
            rng.uniform(20, 40, total),
            distance / 45 + 12,
            distance / 60 + 4,
            distance / 30 + 24,
            rng.uniform(30, 60, total),
        ],
        rng.uniform(18 * 24, 28 * 24, total),
    )
    day0 = (ctx.start_epoch_day + ship.gi).astype(np.int64) * DAY_SECONDS
    start_hour = np.array([pl[4] for pl in PLANTS])[ship.plant]
    planned_pickup = day0 + start_hour * 3600 + rng.integers(0, 20, total) * 900
    picked_up = (
        planned_pickup
        + rng.integers(-1800, 3 * 3600, total)
        + np.where(rng.random(total) < 0.05, DAY_SECONDS, 0)
    )
    transit = (hours * 3600).astype(np.int64)
    planned_delivery = planned_pickup + transit
    late = np.where(rng.random(total) < 0.08, rng.integers(12, 73, total) * 3600, 0)
    delivered = picked_up + (transit * rng.uniform(0.9, 1.1, total)).astype(np.int64) + late
    created = planned_pickup - rng.integers(6, 31, total) * 3600
    excursion = ship.cold & (rng.random(total) < 0.04)
    ids = 1 + np.arange(total)
    return Shipments(
        ids=ids,
        carrier=carrier,
        mode=MODES[mode],
        plant=ship.plant,
        ship_to=ship.ship_to,
        doc_offsets=doc_offsets,
        docs=all_docs,
        distance=np.round(distance, 1),
        weight_kg=np.round(ship.weight, 1),
        cold=ship.cold,
        excursion=excursion,
        prio=ship.prio,
        planned_pickup=planned_pickup,
        picked_up=picked_up,
        planned_delivery=planned_delivery,
        delivered=delivered,
        created=created,
        cancelled=cancelled,
    )


@dataclass
class _Legs:
    gi: np.ndarray
    plant: np.ndarray
    ship_to: np.ndarray
    route: np.ndarray
    weight: np.ndarray
    prio: np.ndarray
    cold: np.ndarray

    def extend(self, pick: np.ndarray, rng: np.random.Generator) -> _Legs:
        """Append legs copied from ``pick`` (same lanes, other weights) for extra shipments."""
        w = np.round(rng.uniform(50, 900, len(pick)), 1)
        return _Legs(
            np.r_[self.gi, self.gi[pick]],
            np.r_[self.plant, self.plant[pick]],
            np.r_[self.ship_to, self.ship_to[pick]],
            np.r_[self.route, self.route[pick]],
            np.r_[self.weight, w],
            np.r_[self.prio, np.full(len(pick), 3)],
            np.r_[self.cold, np.zeros(len(pick), bool)],
        )


def _distance(
    ctx: Context, m: Masters, plant: np.ndarray, ship_to: np.ndarray, route: np.ndarray
) -> np.ndarray:
    rng = ctx.rng("distances")
    c = m.customers.n
    domestic = rng.uniform(30, 800, (c, len(PLANTS)))
    cross = rng.uniform(300, 1500, (c, len(PLANTS)))
    overseas = rng.uniform(14_000, 16_500, (c, len(PLANTS)))
    table = np.stack([domestic, cross, overseas])
    return table[route, ship_to, plant]


def _carriers(
    rng: np.random.Generator, m: Masters, plant: np.ndarray, mode: np.ndarray
) -> np.ndarray:
    car = m.carriers
    out = np.zeros(len(plant), dtype=np.int64)
    real = [k for k in range(len(car.ids)) if not car.ghost[k]]
    ghosts = [k for k in range(len(car.ids)) if car.ghost[k]]
    for pl in range(len(PLANTS)):
        for mo in range(len(MODES)):
            sel = np.flatnonzero((plant == pl) & (mode == mo))
            if len(sel) == 0:
                continue
            cand = [k for k in real if pl in car.plants[k] and MODES[mo] in car.modes[k]]
            cand = cand or [k for k in real if pl in car.plants[k]]
            out[sel] = np.array(cand)[rng.integers(len(cand), size=len(sel))]
            spot = [k for k in ghosts if pl in car.plants[k] and MODES[mo] in car.modes[k]]
            if spot:
                use = rng.random(len(sel)) < 0.03
                out[sel[use]] = np.array(spot)[rng.integers(len(spot), size=int(use.sum()))]
    return out


# ---------------------------------------------------------------------------------------
# versions and rows


def shipment_versions(ctx: Context, sh: Shipments) -> tuple[np.ndarray, ...]:
    """(shipment index, status code, updated_at, extract day) of every row to deliver."""
    n = sh.n
    idx = np.arange(n)
    status = [np.zeros(n, int), np.where(sh.cancelled, 3, 1), np.where(sh.cancelled, -1, 2)]
    when = [
        sh.created,
        np.where(sh.cancelled, sh.created + 7200, sh.picked_up + 600),
        sh.delivered + 1200,
    ]
    ship = np.concatenate([idx, idx, idx])
    code = np.concatenate(status)
    updated = np.concatenate(when)
    ok = code >= 0
    ship, code, updated = ship[ok], code[ok], updated[ok]
    day = np.maximum(0, updated // DAY_SECONDS - ctx.start_epoch_day)
    keep = (updated // DAY_SECONDS - ctx.start_epoch_day) <= ctx.last
    ship, code, updated, day = ship[keep], code[keep], updated[keep], day[keep]
    order = np.lexsort((updated, ship))
    ship, code, updated, day = ship[order], code[order], updated[order], day[order]
    # the extract of a day holds the end-of-day state: drop versions superseded that day
    last_of_day = np.r_[(ship[1:] != ship[:-1]) | (day[1:] != day[:-1]), True]
    if ctx.rates["newer_version_row"] <= 0:
        last_of_day = np.r_[ship[1:] != ship[:-1], True]
    return ship[last_of_day], code[last_of_day], updated[last_of_day], day[last_of_day]


def shipment_days(
    ctx: Context,
    m: Masters,
    sh: Shipments,
    *,
    ship_to: np.ndarray | None = None,
    plants: np.ndarray | None = None,
    docs: pa.Array | None = None,
) -> Iterator[tuple[int, Rows, dict[str, int]]]:
    """Shipment rows per extract day. ``ship_to`` (customer ids by ``sh.ship_to``), ``plants``
    (plant ids by ``sh.plant``) and ``docs`` (delivery references by ``sh.docs`` position)
    default to the SAP masters; the Oracle business unit passes its own."""
    ship, state, updated, day = shipment_versions(ctx, sh)
    first_version = np.r_[True, ship[1:] != ship[:-1]]
    n_versions = np.bincount(ship, minlength=sh.n)
    order = np.lexsort((updated, day))
    ship, state, updated, day, first_version = (
        a[order] for a in (ship, state, updated, day, first_version)
    )
    tz_of = np.array(m.carriers.tz)
    zulu = {tz: z for tz, z in zip(m.carriers.tz, m.carriers.zulu, strict=True)}
    unit_of = np.array(m.carriers.unit)
    deliveries = _deliveries_json(sh, docs)
    plants = np.array([pl[0] for pl in PLANTS]) if plants is None else plants
    customer_ids = m.customers.ids if ship_to is None else ship_to
    customer_ghost = m.customers.ghost if ship_to is None else np.zeros(len(ship_to), bool)
    null = pa.scalar(None, pa.string())

    def build(lo: int, hi: int):
        k, st = ship[lo:hi], state[lo:hi]
        tz = tz_of[sh.carrier[k]]
        unit = unit_of[sh.carrier[k]]
        value = np.where(unit == "lb", sh.weight_kg[k] * LB_PER_KG, sh.weight_kg[k])
        weight = pc.binary_join_element_wise(
            '{"value": ', fixed(value, 1), ', "unit": "', text(unit), '"}', ""
        )
        cols = {
            "shipment_id": code("SHP", sh.ids[k], 8),
            "carrier_id": text(np.array(m.carriers.ids)[sh.carrier[k]]),
            "mode": text(sh.mode[k]),
            "origin_plant": text(plants[sh.plant[k]]),
            "ship_to": text(customer_ids[sh.ship_to[k]]),
            "deliveries": deliveries.take(pa.array(k)),
            "planned_pickup_at": iso_timestamp(sh.planned_pickup[k], tz, zulu),
            "picked_up_at": pc.if_else(
                pa.array(np.isin(st, [1, 2])), iso_timestamp(sh.picked_up[k], tz, zulu), null
            ),
            "planned_delivery_at": iso_timestamp(sh.planned_delivery[k], tz, zulu),
            "delivered_at": pc.if_else(
                pa.array(st == 2), iso_timestamp(sh.delivered[k], tz, zulu), null
            ),
            "distance_km": fixed(sh.distance[k], 1),
            "weight": weight,
            "temperature_controlled": text(np.where(sh.cold[k], "true", "false")),
            "temperature_excursion": text(np.where(sh.excursion[k] & (st == 2), "true", "false")),
            "status": text(STATUS[st]),
            "updated_at": iso_timestamp(updated[lo:hi], tz, zulu),
        }
        orphan_car = np.array(m.carriers.ghost)[sh.carrier[k]]
        orphan_cus = customer_ghost[sh.ship_to[k]]
        first = first_version[lo:hi]
        resent = ~first
        multi = n_versions[k] > 1
        return (
            cols,
            orphan_car | orphan_cus | resent,
            multi & first,
            {
                "orphan_carrier": orphan_car,
                "orphan_customer": orphan_cus,
                "newer_version_row": resent,
            },
        )

    yield from split_days(day, ctx.days, build)


def _deliveries_json(sh: Shipments, docs: pa.Array | None = None) -> pa.Array:
    refs = pad(text(sh.docs), 10) if docs is None else docs
    quoted = pc.binary_join_element_wise('"', refs, '"', "")
    lists = pa.ListArray.from_arrays(pa.array(sh.doc_offsets.astype(np.int32)), quoted)
    return pc.binary_join_element_wise("[", pc.binary_join(lists, ", "), "]", "")


# ---------------------------------------------------------------------------------------
# freight charges


@dataclass
class Charges:
    shipment: np.ndarray
    kind: np.ndarray
    amount: np.ndarray  # carrier currency
    currency: np.ndarray
    invoiced: np.ndarray  # UTC seconds
    day: np.ndarray


def build_charges(
    ctx: Context, m: Masters, sh: Shipments, fx: Fx, *, stream: str = "charges"
) -> Charges:
    rng = ctx.rng(stream)
    done = np.flatnonzero(~sh.cancelled)
    n = len(done)
    mode = sh.mode[done]
    dist, w = sh.distance[done], sh.weight_kg[done]
    linehaul = _linehaul(mode, dist, w, rng.uniform(180, 320, n))
    parts = [(done, "LINEHAUL", linehaul, 0)]
    fuel = rng.random(n) < 0.85
    rng.uniform(0.1, 0.16, fuel.sum())  # drawn as before: later charges keep their values
    rate = fuel_surcharge_rate(sh.picked_up[done[fuel]])
    parts.append((done[fuel], "FUEL", linehaul[fuel] * rate, 0))
    acc = rng.random(n) < 0.06
    parts.append((done[acc], "ACCESSORIAL", rng.uniform(15, 90, acc.sum()), 0))
    det = (rng.random(n) < 0.03) & (mode != "PARCEL")
    parts.append((done[det], "DETENTION", rng.uniform(40, 250, det.sum()), 0))
    exp = rng.random(n) < np.where(sh.prio[done] == 1, 0.2, 0.01)
    parts.append((done[exp], "EXPEDITE", rng.uniform(25, 180, exp.sum()), 0))
    ret = rng.random(n) < 0.02
    parts.append((done[ret], "RETURN", linehaul[ret] * rng.uniform(0.3, 0.8, ret.sum()), 1))
    shipment = np.concatenate([p[0] for p in parts])
    kind = np.concatenate([np.full(len(p[0]), p[1]) for p in parts])
    eur = np.concatenate([p[2] for p in parts])
    later = np.concatenate([np.full(len(p[0]), p[3]) for p in parts]).astype(bool)
    k = len(shipment)
    invoiced = (
        sh.delivered[shipment]
        + rng.integers(2, 13, k) * DAY_SECONDS
        + rng.integers(0, 8 * 3600, k)
        + np.where(later, rng.integers(10, 31, k) * DAY_SECONDS, 0)
    )
    day = invoiced // DAY_SECONDS - ctx.start_epoch_day
    currency = np.array(m.carriers.currency)[sh.carrier[shipment]]
    amount = np.round(fx.from_eur(eur, currency, day), 2)
    keep = day <= ctx.last
    order = np.lexsort((shipment[keep], invoiced[keep]))
    pick = np.flatnonzero(keep)[order]
    return Charges(
        shipment=shipment[pick],
        kind=kind[pick],
        amount=amount[pick],
        currency=currency[pick],
        invoiced=invoiced[pick],
        day=day[pick],
    )


@cache
def fuel_index() -> tuple[np.ndarray, np.ndarray]:
    """(month as numpy month number, index) of the fuel index seed, in month order."""
    with FUEL_INDEX.open(newline="") as f:
        rows = sorted((r["month"][:7], float(r["fuel_index"])) for r in csv.DictReader(f))
    months = np.array([np.datetime64(m, "M").astype(np.int64) for m, _ in rows])
    return months, np.array([v for _, v in rows])


def fuel_surcharge_rate(utc_seconds: np.ndarray) -> np.ndarray:
    """The fuel surcharge rate (fraction of linehaul) of the month of each UTC timestamp."""
    months, index = fuel_index()
    month = np.asarray(utc_seconds, dtype="datetime64[s]").astype("datetime64[M]").astype(np.int64)
    pos = np.clip(np.searchsorted(months, month), 0, len(months) - 1)
    return FUEL_RATE_AT_100 * index[pos] / 100.0


def _linehaul(mode: np.ndarray, dist: np.ndarray, w: np.ndarray, kg_per_m3: np.ndarray):
    """Linehaul in EUR by mode: parcel and air per kg (air on the chargeable weight, at least
    a minimum), LTL per kg and km, TL and rail per km, ocean per container (FCL) or per m³
    (LCL, W/M with a 1 m³ minimum) plus documentation and terminal fees."""
    m3 = w / kg_per_m3
    containers = np.ceil(m3 / CONTAINER_M3)
    ocean = np.where(
        m3 >= FCL_MIN_M3,
        containers * (2_450 + 220),
        95 + 78 * np.maximum(1.0, np.maximum(m3, w / 1000)),
    )
    return np.select(
        [mode == "PARCEL", mode == "LTL", mode == "TL", mode == "RAIL", mode == "AIR"],
        [
            4.9 + 0.26 * w,
            28 + w * (0.05 + 0.00012 * dist),
            160 + 1.25 * dist,
            240 + 0.75 * dist,
            25 + np.maximum(40, 3.9 * np.maximum(w, m3 * AIR_KG_PER_M3)),
        ],
        ocean,
    )


def charge_days(
    ctx: Context, m: Masters, sh: Shipments, ch: Charges, *, first_id: int = 1
) -> Iterator[tuple[int, Rows, dict[str, int]]]:
    tz_of = np.array(m.carriers.tz)
    zulu = {tz: z for tz, z in zip(m.carriers.tz, m.carriers.zulu, strict=True)}

    def build(lo: int, hi: int):
        s = ch.shipment[lo:hi]
        car = sh.carrier[s]
        cols = {
            "charge_id": code("FC", np.arange(lo, hi) + first_id, 9),
            "shipment_id": code("SHP", sh.ids[s], 8),
            "carrier_id": text(np.array(m.carriers.ids)[car]),
            "charge_type": text(ch.kind[lo:hi]),
            "amount": fixed(ch.amount[lo:hi], 2),
            "currency": text(ch.currency[lo:hi]),
            "invoiced_at": iso_timestamp(ch.invoiced[lo:hi], tz_of[car], zulu),
        }
        orphan = np.array(m.carriers.ghost)[car]
        return cols, orphan, None, {"orphan_carrier": orphan}

    yield from split_days(ch.day, ctx.days, build)
