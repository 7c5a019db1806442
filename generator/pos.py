"""POS sell-out of the retail customers' stores, following their sell-in.

For each day, the POS lines are drawn from the retail sales order lines (sell-in) ordered
10-16 days earlier, with probability proportional to their quantity: each draw is one
product sold in one store of the ship-to customer that bought it. The number of lines of a
day is the lagged sell-in quantity over the mean quantity per POS line, so sell-out units
track sell-in units per customer and product (lagged, with Poisson noise). Times are local
store times (08:00-21:00) across the stores' time zones; about 2 % of lines are returns.
Generated one day at a time, so memory stays bounded at any scale.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from generator.common import DAY_SECONDS, Context, code, pick_weighted
from generator.erp import SalesLines
from generator.masters import Fx, Masters
from generator.writers import Rows, TextSpec

SPEC = TextSpec(pad=("gtin", 14), whitespace="store_id", lowercase="store_id")
LAG_DAYS = (10, 17)  # sell-in of days [d-17, d-10) sells out on day d
RETAIL_MARKUP = 1.35


class PosDays:
    """Generates the POS lines of one day at a time."""

    def __init__(self, ctx: Context, m: Masters, s: SalesLines, fx: Fx) -> None:
        self.ctx, self.m, self.fx = ctx, m, fx
        stores = m.stores
        has_store = np.zeros(m.customers.n, bool)
        has_store[stores.customer] = True
        retail = np.flatnonzero(has_store[s.ship_to] & ~s.rejected)
        order = np.argsort(s.erdat[retail], kind="stable")
        self.line = retail[order]
        self.day = s.erdat[self.line]
        self.qty = s.qty[self.line].astype(np.float64)
        self.customer = s.ship_to[self.line]
        self.product = s.product[self.line]
        # stores of each customer, as a flat table
        by_customer = np.argsort(stores.customer, kind="stable")
        self.store_sorted = by_customer
        self.store_start = np.searchsorted(stores.customer[by_customer], np.arange(m.customers.n))
        self.store_count = np.bincount(stores.customer, minlength=m.customers.n)
        target = 5_000_000 * ctx.scale * ctx.year_fraction
        total_units = self.qty.sum()
        self.mean_qty = float(np.clip(total_units / max(target, 1.0), 1.0, 8.0))
        self.orphan_gtin_rate = ctx.rates["orphan_gtin"]

    def rows(self, day: int) -> tuple[Rows, dict[str, int]] | None:
        ctx, m = self.ctx, self.m
        rng = ctx.rng(f"pos-{day}")
        lo_day, hi_day = day - LAG_DAYS[1], day - LAG_DAYS[0]
        if lo_day < 0:  # before any sell-in: mirror the first week of orders
            lo_day, hi_day = 0, 7
        lo, hi = np.searchsorted(self.day, [lo_day, hi_day])
        if hi <= lo:
            return None
        weights = self.qty[lo:hi]
        weekday = (ctx.start_epoch_day + day + 3) % 7  # 0 = Monday
        season = 1.25 if weekday >= 4 else 0.9
        expected = weights.sum() / (hi_day - lo_day) / self.mean_qty * season
        n = int(rng.poisson(expected))
        if n == 0:
            return None
        pick = lo + pick_weighted(rng, weights, n)
        customer = self.customer[pick]
        product = self.product[pick]
        k = np.floor(rng.random(n) * self.store_count[customer]).astype(np.int64)
        store = self.store_sorted[self.store_start[customer] + k]
        qty = 1 + rng.poisson(self.mean_qty - 1, n)
        returns = rng.random(n) < 0.02
        qty = np.where(returns, -np.minimum(qty, 2), qty).astype(np.int32)
        # baskets: lines of one store grouped into transactions of 1-6 lines
        order = np.lexsort((rng.random(n), store))
        store, product, qty, returns = store[order], product[order], qty[order], returns[order]
        new_txn = np.r_[True, (store[1:] != store[:-1]) | (rng.random(n - 1) < 0.4)]
        txn = np.cumsum(new_txn) - 1
        txn_start = np.flatnonzero(new_txn)
        line_no = (np.arange(n) - txn_start[txn] + 1).astype(np.int32)
        seconds = rng.integers(8 * 3600, 21 * 3600, len(txn_start))[txn]
        local_midnight = (ctx.start_epoch_day + day) * DAY_SECONDS
        sold_at = (local_midnight + seconds).astype("datetime64[s]").astype("datetime64[us]")
        currency = m.stores.currency[store]
        eur = m.products.price_eur[product] * RETAIL_MARKUP
        unit = np.round(self.fx.from_eur(eur, currency, np.full(n, day)), 2)
        discount = np.where(
            (rng.random(n) < 0.15) & ~returns,
            np.round(unit * np.abs(qty) * rng.uniform(0.05, 0.3, n), 2),
            0.0,
        )
        gtin = m.products.ean[product].astype(object)
        orphan_m = m.products.ghost[product]
        rate = self.orphan_gtin_rate
        odd = (rng.random(n) < rate) & ~orphan_m
        gtin[odd] = (2_000_000_000_000 + rng.integers(0, 999_999, int(odd.sum()))).astype(str)
        date_key = np.datetime_as_string(np.datetime64(ctx.day_date(day)), unit="D").replace(
            "-", ""
        )
        store_ids = pa.array(m.stores.ids[store], pa.string())
        txn_ids = pc.binary_join_element_wise(store_ids, date_key, code("", txn + 1, 5), "-")
        table = pa.table(
            {
                "store_id": store_ids,
                "transaction_id": txn_ids,
                "line_no": pa.array(line_no, pa.int32()),
                "sold_at": pa.array(sold_at, pa.timestamp("us")),
                "gtin": pa.array(gtin, pa.string()),
                "quantity": pa.array(qty, pa.int32()),
                "unit_price": pa.array(unit, pa.float64()).cast(pa.decimal128(12, 2)),
                "discount_amount": pa.array(discount, pa.float64()).cast(pa.decimal128(12, 2)),
                "currency": pa.array(currency, pa.string()),
            }
        )
        orphan = orphan_m | odd
        return Rows(table, protected=orphan), {"orphan_gtin": int(orphan.sum())}
