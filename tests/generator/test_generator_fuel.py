"""FUEL freight charges follow the monthly fuel index seed (issue 18, margin erosion)."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import numpy as np

from generator import tms
from generator.core import _context, simulate

SEED = Path(__file__).resolve().parents[2] / "seeds" / "serving" / "fuel_index_month.csv"


def _index_by_month() -> dict[str, float]:
    with SEED.open(newline="") as f:
        return {r["month"][:7]: float(r["fuel_index"]) for r in csv.DictReader(f)}


def test_fuel_surcharge_is_linehaul_times_the_rate_of_the_pickup_month():
    b = simulate(_context(date(2025, 1, 1), 365, 0.01, 7, "default"))
    ch, sh = b.charges, b.shipments
    eur = ch.currency == "EUR"
    linehaul = {
        int(s): a
        for s, a in zip(
            ch.shipment[eur & (ch.kind == "LINEHAUL")],
            ch.amount[eur & (ch.kind == "LINEHAUL")],
            strict=True,
        )
    }
    index = _index_by_month()
    ratios: dict[str, list[float]] = {}
    checked = 0
    for s, amount in zip(
        ch.shipment[eur & (ch.kind == "FUEL")], ch.amount[eur & (ch.kind == "FUEL")], strict=True
    ):
        base = linehaul.get(int(s))
        if base is None:  # linehaul invoiced after the last day
            continue
        month = str(np.datetime64(int(sh.picked_up[s]), "s").astype("datetime64[M]"))
        rate = 0.13 * index[month] / 100
        # both amounts are rounded to the cent
        assert abs(amount - base * rate) <= 0.005 + 0.005 * rate + 1e-9, (month, amount, base)
        ratios.setdefault(month, []).append(amount / base)
        checked += 1
    assert checked > 1000
    # month by month the surcharge moves with the index: same order, up and down
    months = sorted(m for m in ratios if len(ratios[m]) >= 20)
    assert len(months) >= 11
    observed = [float(np.median(ratios[m])) for m in months]
    expected = [index[m] for m in months]
    assert np.argsort(observed).tolist() == np.argsort(expected).tolist()
    assert max(expected) / min(expected) > 1.15  # the index moves enough to matter


def test_months_outside_the_seed_take_its_nearest_month():
    months, index = tms.fuel_index()
    before = np.array([np.datetime64("2019-06-15T00:00:00", "s").astype(np.int64)])
    after = np.array([np.datetime64("2031-06-15T00:00:00", "s").astype(np.int64)])
    assert tms.fuel_surcharge_rate(before)[0] == tms.FUEL_RATE_AT_100 * index[0] / 100
    assert tms.fuel_surcharge_rate(after)[0] == tms.FUEL_RATE_AT_100 * index[-1] / 100
    assert np.all(np.diff(months) == 1)  # the seed's months are contiguous
