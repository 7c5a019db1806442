"""IoT: temperature and shock loggers on the temperature-controlled TMS shipments.

Every shipment of the TMS (SAP business unit) that carries a temperature-controlled product
and is picked up gets one logger (``device_id``) that reads temperature (°C) and shock (g)
every ``READING_MINUTES`` from pick-up to delivery. The allowed range of a shipment is the
tightest of its products' material groups in ``TEMPERATURE_RANGES`` (the same ranges as seed
``temperature_controlled_categories``); readings stay inside it, except for the TMS
shipments flagged with a temperature excursion, which leave it for a few readings. A few
readings sit exactly on a limit (in range).

Readings land as JSON Lines micro-batches, ``BATCHES`` a day, in the folder of the batch's
UTC date: ``iot/shipment_reading/<date>/shipment_reading_<YYYYMMDD>_<HHMM>.jsonl``. Each
reading's timestamp carries its logger's own offset (the origin plant's zone; some loggers
write UTC with ``Z``). Defects (rates in ``generator.defects``, counted in the manifest):
``reading_gap`` (a logger that loses power: a run of readings never sent),
``out_of_order_reading`` (readings stored and forwarded a batch or more later, so a file
is not in time order), ``implausible_reading`` (-80 °C or 200 °C), ``exact_duplicate_row``
(a line sent twice) and ``duplicate_file`` (a micro-batch landed twice, at least once a
run: same bytes, name suffix ``_retry``).

The stream has its own random generator and is written after every other entity, so it
shifts nothing the other sources deliver.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa

from generator.common import DAY_SECONDS, PLANTS, Context, code, fixed, iso_timestamp
from generator.erp import DeliveryItems, SalesLines
from generator.manifest import Manifest
from generator.masters import Masters
from generator.tms import Shipments
from generator.writers import _concat_lines, _json_lines
from ingestion.entities import entity

ENTITY = entity("iot/shipment_reading")
#: Allowed range (°C) per material group; seed temperature_controlled_categories holds the same.
TEMPERATURE_RANGES: dict[str, tuple[float, float]] = {
    "FOOD01": (2.0, 8.0),
    "FOOD02": (0.0, 4.0),
    "PHAR01": (2.0, 8.0),
}
READING_MINUTES = 30
#: Micro-batch cut-offs, minutes after UTC midnight (the last one closes the day).
BATCHES = (6 * 60, 12 * 60, 18 * 60, 24 * 60 - 1)
IMPLAUSIBLE_VALUES = (-80.0, 200.0)


@dataclass
class Readings:
    shipment: np.ndarray  # index into Shipments
    at: np.ndarray  # UTC seconds
    temperature: np.ndarray
    shock: np.ndarray
    arrival: np.ndarray  # UTC seconds the reading reaches the landing zone


def shipment_ranges(
    m: Masters, s: SalesLines, dl: DeliveryItems, sh: Shipments
) -> tuple[np.ndarray, np.ndarray]:
    """(min, max) allowed °C per shipment: the tightest range of its products' groups."""
    lo = np.full(sh.n, -np.inf)
    hi = np.full(sh.n, np.inf)
    doc_shipment = np.repeat(np.arange(sh.n), np.diff(sh.doc_offsets))
    order = np.argsort(sh.docs[: len(doc_shipment)], kind="stable")
    sorted_docs = sh.docs[: len(doc_shipment)][order]
    pos = np.searchsorted(sorted_docs, dl.delivery)
    pos = np.clip(pos, 0, max(len(sorted_docs) - 1, 0))
    found = len(sorted_docs) > 0 and sorted_docs[pos] == dl.delivery
    item_shipment = np.where(found, doc_shipment[order][pos], -1)
    group = m.products.matkl[s.product[dl.line]]
    for matkl, (g_lo, g_hi) in TEMPERATURE_RANGES.items():
        sel = (item_shipment >= 0) & (group == matkl)
        np.maximum.at(lo, item_shipment[sel], g_lo)
        np.minimum.at(hi, item_shipment[sel], g_hi)
    fallback = np.isinf(lo) | np.isinf(hi)  # no known group: the fresh range
    lo[fallback], hi[fallback] = TEMPERATURE_RANGES["FOOD01"]
    return lo, hi


def build_readings(
    ctx: Context, m: Masters, s: SalesLines, dl: DeliveryItems, sh: Shipments
) -> tuple[Readings, dict[str, int]]:
    rng = ctx.rng("iot")
    step = READING_MINUTES * 60
    end = (ctx.start_epoch_day + ctx.days) * DAY_SECONDS - 1
    lo, hi = shipment_ranges(m, s, dl, sh)
    monitored = np.flatnonzero(sh.cold & ~sh.cancelled & (sh.picked_up <= end))
    first = (sh.picked_up[monitored] // step + 1) * step
    last = np.minimum(sh.delivered[monitored], end)
    count = np.maximum(0, (last - first) // step + 1)
    ship = np.repeat(monitored, count)
    k = np.arange(len(ship)) - np.repeat(np.cumsum(count) - count, count)
    at = np.repeat(first, count) + k * step
    mid, half = (lo[ship] + hi[ship]) / 2, (hi[ship] - lo[ship]) / 2
    temp = np.clip(mid + rng.normal(0, half / 3, len(ship)), lo[ship], hi[ship])
    temp = np.round(temp, 1)
    at_limit = rng.random(len(ship)) < 0.002
    temp = np.where(at_limit, np.where(rng.random(len(ship)) < 0.5, lo[ship], hi[ship]), temp)
    # excursions: a run of readings above the range on flagged shipments
    n = len(ship)
    starts = np.r_[0, np.cumsum(count)[:-1]]
    excursion = np.zeros(n, bool)
    for j in np.flatnonzero(sh.excursion[monitored] & (count > 10)):
        a = starts[j] + int(rng.integers(2, count[j] - 8))
        excursion[a : a + int(rng.integers(2, 8))] = True
    temp = np.where(excursion, np.round(hi[ship] + rng.uniform(0.5, 4.0, n), 1), temp)
    shock = np.round(np.abs(rng.normal(0.3, 0.2, n)), 2)
    shock = np.where(rng.random(n) < 0.003, np.round(rng.uniform(3, 12, n), 2), shock)
    counts: dict[str, int] = {}
    # gaps: a logger without power sends nothing for a run of readings
    keep = np.ones(n, bool)
    gappy = np.flatnonzero(rng.random(len(monitored)) < ctx.rates["reading_gap"])
    gaps = 0
    for j in gappy:
        if count[j] > 12:
            a = starts[j] + int(rng.integers(2, count[j] - 10))
            keep[a : a + int(rng.integers(3, 9))] = False
            gaps += 1
    counts["reading_gap"] = gaps
    implausible = keep & (rng.random(n) < ctx.rates["implausible_reading"])
    temp = np.where(implausible, rng.choice(np.array(IMPLAUSIBLE_VALUES), n), temp)
    counts["implausible_reading"] = int(implausible.sum())
    # arrival: the next batch after the reading (upload takes up to 20 minutes); stored and
    # forwarded readings arrive one to three batches later
    arrival = at + rng.integers(60, 20 * 60, n)
    late = keep & (rng.random(n) < ctx.rates["out_of_order_reading"])
    arrival = np.where(late, arrival + rng.integers(1, 4, n) * 6 * 3600, arrival)
    counts["out_of_order_reading"] = int(late.sum())
    sel = keep
    return (
        Readings(ship[sel], at[sel], temp[sel], shock[sel], arrival[sel]),
        counts,
    )


def _batch_of(ctx: Context, arrival: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(extract day, batch number) of the first micro-batch cut-off at or after arrival."""
    epoch_day = arrival // DAY_SECONDS
    minute = (arrival % DAY_SECONDS) // 60
    cut = np.searchsorted(np.array(BATCHES), minute, side="left")
    next_day = cut >= len(BATCHES)
    day = epoch_day - ctx.start_epoch_day + next_day
    return day, np.where(next_day, 0, cut)


def write(
    ctx: Context,
    out: Path,
    manifest: Manifest,
    m: Masters,
    s: SalesLines,
    dl: DeliveryItems,
    sh: Shipments,
) -> dict[str, int]:
    """Write the readings as micro-batch files; returns business notes for the manifest."""
    r, counts = build_readings(ctx, m, s, dl, sh)
    rng = ctx.rng("iot-landing")
    day, batch = _batch_of(ctx, r.arrival)
    inside = day <= ctx.last
    r = Readings(*(a[inside] for a in (r.shipment, r.at, r.temperature, r.shock, r.arrival)))
    day, batch = day[inside], batch[inside]
    order = np.lexsort((r.shipment, r.arrival, batch, day))
    tz = np.array([pl[3] for pl in PLANTS])[sh.plant[r.shipment]]
    utc_logger = (sh.ids[r.shipment] % 4) == 0
    tz = np.where(utc_logger, "UTC", tz)
    q = ENTITY.qualified
    for name, n in counts.items():
        manifest.count(name, q, n)
    key = day * len(BATCHES) + batch
    bounds = np.flatnonzero(np.r_[True, key[order][1:] != key[order][:-1], True])
    duplicated = 0
    for files, (lo_, hi_) in enumerate(zip(bounds[:-1], bounds[1:], strict=True), start=1):
        idx = order[lo_:hi_]
        k = r.shipment[idx]
        cols = {
            "shipment_id": code("SHP", sh.ids[k], 8),
            "device_id": code("LOG-", 700_000 + sh.ids[k], 7),
            "reading_at": iso_timestamp(r.at[idx], tz[idx], {"UTC": True}),
            "temperature_c": fixed(r.temperature[idx], 1),
            "shock_g": fixed(r.shock[idx], 2),
        }
        dup = rng.random(len(idx)) < ctx.rates["exact_duplicate_row"]
        duplicated += int(dup.sum())
        lines = _json_lines(
            list(ENTITY.fields),
            [c.take(pa.array(np.repeat(np.arange(len(idx)), 1 + dup))) for c in cols.values()],
            frozenset({"temperature_c", "shock_g"}),
            None,
        )
        data = _concat_lines(lines, "\n")
        d0, b0 = int(day[idx[0]]), int(batch[idx[0]])
        when = ctx.day_date(d0)
        minutes = BATCHES[b0]
        stem = f"{ENTITY.name}_{when.strftime('%Y%m%d')}_{minutes // 60:02d}{minutes % 60:02d}"
        folder = f"{ENTITY.system}/{ENTITY.name}/{when.isoformat()}"
        rel = _write(out, manifest, f"{folder}/{stem}.jsonl", data, len(lines), q)
        resend = rng.random() < ctx.rates["duplicate_file"] or (
            files == 3 and ctx.rates["duplicate_file"] > 0
        )
        if resend:  # the logger gateway retried: the same micro-batch lands again
            copy = f"{folder}/{stem}_retry.jsonl"
            (out / copy).write_bytes(data)
            manifest.files[copy] = {"rows": len(lines), "sha256": hashlib.sha256(data).hexdigest()}
            manifest.duplicate_files[copy] = rel
            manifest.count("duplicate_file", q)
    manifest.count("exact_duplicate_row", q, duplicated)
    return {"iot_readings": len(r.shipment), "iot_monitored_shipments": len(np.unique(r.shipment))}


def _write(out: Path, manifest: Manifest, rel: str, data: bytes, rows: int, q: str) -> str:
    path = out / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    manifest.add_file(rel, q, rows, hashlib.sha256(data).hexdigest())
    return rel
