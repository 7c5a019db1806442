"""Snapshot (master) extracts of every system as of a delivery day.

Masters change slowly between deliveries: some materials get a new description (``LAEDA``
moves), safety stocks are reviewed, a supplier gets a posting block, customers are
renamed, a month's FX rates are added, renewed contracts appear, suppliers are re-assessed
quarterly. Orphans (``ghost`` members) are left out of every master.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from generator.common import PLANTS, Context, fixed, iso_date, pad, sap_date, text
from generator.masters import Fx, Masters
from generator.procurement import Contracts
from generator.writers import Rows

GRAMS_PER_KG = 1000.0
LB_PER_KG = 1 / 0.45359237


class Snapshots:
    """Builds the rows of each snapshot entity for a given day."""

    def __init__(self, ctx: Context, m: Masters, fx: Fx, contracts: Contracts) -> None:
        self.ctx, self.m, self.fx, self.c = ctx, m, fx, contracts
        rng = ctx.rng("master-changes")
        p = m.products
        self.material_change = np.where(
            rng.random(p.n) < 0.04, rng.integers(1, max(2, ctx.days), p.n), 10**9
        )
        self.eisbe_change = np.where(
            rng.random(p.eisbe.shape) < 0.1, rng.integers(1, max(2, ctx.days), p.eisbe.shape), 10**9
        )
        s = m.suppliers
        self.first_assessment = -rng.integers(10, 200, s.n)
        self.financial = rng.integers(1, 6, (s.n, 8))
        self.sustainability = rng.integers(20, 100, (s.n, 8))
        self.iso = rng.random(s.n) < 0.7

    def material(self, day: int) -> tuple[Rows, dict[str, int]]:
        p = self.m.products
        i = np.flatnonzero(~p.ghost)
        changed = self.material_change[i] <= day
        weight = p.weight_kg[i]
        unit = p.gewei[i]
        shown = np.where(
            unit == "G", weight * GRAMS_PER_KG, np.where(unit == "LB", weight * LB_PER_KG, weight)
        )
        laeda = np.where(changed, self.material_change[i], p.laeda[i])
        desc = text(p.maktx[i])
        desc = pc.if_else(
            pa.array(changed), pc.binary_join_element_wise(desc, " (rev. B)", ""), desc
        )
        cols = {
            "MATNR": pad(text(p.ids[i]), 18),
            "MAKTX": desc,
            "MTART": text(p.mtart[i]),
            "MATKL": text(p.matkl[i]),
            "MEINS": text(p.meins[i]),
            "BRGEW": fixed(shown, 3),
            "GEWEI": text(unit),
            "EAN11": text(np.where(p.sold[i], p.ean[i], "")),
            "LVORM": text(np.where(p.deleted[i], "X", "")),
            "LAEDA": sap_date(self.ctx, laeda),
        }
        return Rows(cols), {}

    def material_plant(self, day: int) -> tuple[Rows, dict[str, int]]:
        p = self.m.products
        n_plants = len(PLANTS)
        i = np.repeat(np.flatnonzero(~p.ghost), n_plants)
        w = np.tile(np.arange(n_plants), len(i) // n_plants)
        missing = p.plifz_missing[i, w]
        plifz = np.where(missing, np.where(i % 2 == 0, "", "0"), p.plifz[i, w].astype(str))
        eisbe = np.where(self.eisbe_change[i, w] <= day, p.eisbe[i, w] * 1.2, p.eisbe[i, w])
        currency = np.array([pl[2] for pl in PLANTS])[w]
        std = self.fx.from_eur(p.cost_eur[i] * p.peinh[i], currency, np.zeros(len(i), int))
        cols = {
            "MATNR": pad(text(p.ids[i]), 18),
            "WERKS": text(np.array([pl[0] for pl in PLANTS])[w]),
            "PLIFZ": text(plifz),
            "EISBE": fixed(eisbe, 3),
            "STPRS": fixed(std, 2),
            "PEINH": text(p.peinh[i]),
            "WAERS": text(currency),
        }
        return Rows(cols), {"missing_plifz": int(missing.sum())}

    def vendor(self, day: int) -> tuple[Rows, dict[str, int]]:
        s = self.m.suppliers
        i = np.flatnonzero(~s.ghost)
        blocked = (s.blocked_from[i] >= 0) & (s.blocked_from[i] <= day)
        cols = {
            "LIFNR": pad(text(s.ids[i]), 10),
            "NAME1": text(np.array(s.names, dtype=object)[i]),
            "LAND1": text(s.country[i]),
            "KTOKK": text(np.where(s.quadrant[i] == "routine", "LIEF", "KRED")),
            "SPERR": text(np.where(blocked, "X", "")),
        }
        return Rows(cols), {}

    def customer(self, day: int) -> tuple[Rows, dict[str, int]]:
        c = self.m.customers
        i = np.flatnonzero(~c.ghost)
        names = text(np.array(c.names, dtype=object)[i])
        renamed = (c.rename_day[i] >= 0) & (c.rename_day[i] <= day)
        names = pc.if_else(
            pa.array(renamed), pc.binary_join_element_wise(names, " Group", ""), names
        )
        parent = c.parent[i]
        cols = {
            "KUNNR": pad(text(c.ids[i]), 10),
            "NAME1": names,
            "LAND1": text(c.country[i]),
            "REGIO": text(c.region[i]),
            "VTWEG": text(c.channel[i]),
            "HKUNNR": pc.if_else(
                pa.array(parent >= 0), pad(text(c.ids[np.maximum(parent, 0)]), 10), ""
            ),
            "ERDAT": sap_date(self.ctx, c.erdat[i]),
        }
        return Rows(cols), {}

    def fx_rate(self, day: int) -> tuple[Rows, dict[str, int]]:
        ctx = self.ctx
        month0 = np.datetime64(ctx.start, "M")
        starts = (month0 + self.fx.months.astype("timedelta64[M]")).astype("datetime64[D]")
        offset = (starts - np.datetime64(ctx.start, "D")).astype(np.int64)
        known = offset <= day
        rows: dict[str, list] = {"FCURR": [], "TCURR": [], "GDATU": [], "UKURS": []}
        for cur in ("USD", "GBP", "SGD"):
            rate = self.fx.rates[cur][known]
            inverse = cur == "SGD"  # only EUR -> SGD is maintained
            rows["FCURR"].append(np.full(len(rate), "EUR" if inverse else cur))
            rows["TCURR"].append(np.full(len(rate), cur if inverse else "EUR"))
            rows["GDATU"].append(offset[known])
            rows["UKURS"].append(1 / rate if inverse else rate)
        cols = {
            "FCURR": text(np.concatenate(rows["FCURR"])),
            "TCURR": text(np.concatenate(rows["TCURR"])),
            "GDATU": sap_date(ctx, np.concatenate(rows["GDATU"])),
            "UKURS": fixed(np.concatenate(rows["UKURS"]), 5),
        }
        return Rows(cols), {}

    def carrier(self, day: int) -> tuple[Rows, dict[str, int]]:
        car = self.m.carriers
        i = [k for k in range(len(car.ids)) if not car.ghost[k]]
        modes = ["[" + ", ".join(f'"{x}"' for x in car.modes[k]) + "]" for k in i]
        cols = {
            "carrier_id": text(np.array(car.ids)[i]),
            "name": text(np.array(car.names)[i]),
            "scac": text(np.array(car.scac)[i]),
            "modes": text(np.array(modes)),
        }
        return Rows(cols), {}

    def contract(self, day: int) -> tuple[Rows, dict[str, int]]:
        c = self.c
        i = np.flatnonzero(c.visible_from <= day)
        cols = {
            "contract_id": text(c.contract[i]),
            "contract_item": text(c.item[i]),
            "supplier_id": text(self.m.suppliers.ids[c.supplier[i]]),
            "material_id": text(self.m.products.ids[c.product[i]]),
            "valid_from": iso_date(self.ctx, c.valid_from[i]),
            "valid_to": iso_date(self.ctx, c.valid_to[i]),
            "currency": text(c.currency[i]),
            "price_unit": text(c.price_unit[i]),
            "contract_type": text(np.where(c.tiered[i], "TIERED", "FIXED")),
        }
        return Rows(cols), {}

    def contract_price_tier(self, day: int) -> tuple[Rows, dict[str, int]]:
        c = self.c
        i = np.flatnonzero(c.visible_from <= day)
        tiers = np.where(c.tiered[i], 3, 1)
        item = np.repeat(i, tiers)
        level = np.arange(len(item)) - np.repeat(np.cumsum(tiers) - tiers, tiers)
        cols = {
            "contract_id": text(c.contract[item]),
            "contract_item": text(c.item[item]),
            "min_qty": text(c.tier_min[item, level].astype(np.int64)),
            "unit_price": fixed(c.tier_price[item, level], 2),
        }
        return Rows(cols), {}

    def supplier_assessment(self, day: int) -> tuple[Rows, dict[str, int]]:
        s = self.m.suppliers
        i = np.flatnonzero(~s.ghost & s.assessed)
        quarters = np.arange(8)
        on = self.first_assessment[i][:, None] + quarters[None, :] * 91
        known = on <= day
        sup = np.repeat(i, known.sum(axis=1))
        q = np.concatenate([quarters[k] for k in known])
        cols = {
            "supplier_id": text(s.ids[sup]),
            "assessed_on": iso_date(self.ctx, self.first_assessment[sup] + q * 91),
            "supply_risk_score": text(s.supply_risk[sup]),
            "financial_risk_score": text(self.financial[sup, q]),
            "sustainability_score": text(self.sustainability[sup, q]),
            "iso9001": text(np.where(self.iso[sup], "Y", "N")),
            "country_risk": text(s.country_risk[sup]),
        }
        return Rows(cols), {}

    def store(self, day: int) -> tuple[Rows, dict[str, int]]:
        st = self.m.stores
        cols = {
            "store_id": text(st.ids),
            "customer_id": text(self.m.customers.ids[st.customer]),
            "name": text(np.array(st.names, dtype=object)),
            "country": text(st.country),
            "timezone": text(st.tz),
        }
        return Rows(cols), {}
