"""The second business unit, run on Oracle SCM Cloud: its masters, orders, purchasing, stock.

The acquired business unit ``BU-ORA`` runs two inventory organisations (``ORA-M1``,
``ORA-D2``, both in the US, trading in USD) with its own customers, suppliers and items; some
items, suppliers and customers are the same things as SAP ones under other numbers. Which
ones is the stewards' cross-reference ``seeds/master_xref.csv``: the generator reads it, so
the business and the mapping agree by construction; Oracle objects missing from it are the
*unmapped* defect (``ORACLE_UNMAPPED``), and the shared items listed in ``CONFLICTS`` carry a
base unit / category different from SAP's (the ownership-conflict defect).

Master counts are fixed (an acquired catalogue does not grow with ``--scale``); order and
purchasing volumes scale with ``--scale``. Every random draw comes from streams named
``oracle-*``, so SAP files stay byte-identical; files are written after every SAP file
through the same ``Landing``, so they get the same file- and row-level defects (malformed
rows, exact duplicates, duplicated files, extra and missing columns, unparseable values).

Format (docs/oracle-scm-design.md): BI Publisher CSV with Oracle column names; surrogate ids
are ``NUMBER(18)`` integers, business numbers (``ITEM_NUMBER``, ``SEGMENT1``,
``ACCOUNT_NUMBER``, ``ORDER_NUMBER``) unpadded text; dates ``YYYY-MM-DD``; who-column
timestamps ``YYYY-MM-DDTHH:MM:SS.000+00:00``; flags ``Y``/``N``; statuses as words.
"""

from __future__ import annotations

import csv
import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa

from generator import defects as d
from generator import masters as sap_masters
from generator import tms
from generator.common import (
    DAY_SECONDS,
    Context,
    fixed,
    group_numbers,
    gs1_check_digit,
    iso_date,
    text,
)
from generator.manifest import Manifest
from generator.writers import Landing, Rows, TextSpec
from ingestion.entities import entity

XREF = Path(__file__).resolve().parents[1] / "seeds" / "master_xref.csv"

#: Inventory organisations: plant id, ORGANIZATION_ID, ORGANIZATION_CODE.
ORGS = (("ORA-M1", 300000001000101, "M1"), ("ORA-D2", 300000001000102, "D2"))
BUSINESS_UNIT = "BU-ORA"
PRC_BU_ID = 300000001000001
CURRENCY = "USD"
USD_PER_EUR = 1 / 0.92

#: Fixed master counts of the acquired business unit.
N_ITEMS, N_SUPPLIERS, N_CUSTOMERS = 80, 14, 30
ITEM_ID0, VENDOR_ID0, ACCOUNT_ID0 = 300000047100000, 300000048200000, 300000049300000


def item_number(k: int) -> str:
    return f"AS{54001 + 7 * k}"


def supplier_number(k: int) -> str:
    return str(1252 + 3 * k)


def account_number(k: int) -> str:
    return str(10023 + 5 * k)


#: Oracle objects deliberately left out of the cross-reference (the unmapped defect).
ORACLE_UNMAPPED = {
    "supplier": (supplier_number(N_SUPPLIERS - 1),),
    "product": (item_number(N_ITEMS - 1),),
    "customer": (),
}
#: Shared items whose Oracle attributes disagree with SAP's: base unit, category.
CONFLICTS = {"uom": item_number(1), "category": item_number(3)}

#: Sourcing (indices into the Oracle-only items and suppliers): items bought from one
#: supplier only (single-sourced: a high supply risk in the Kraljic model). Suppliers 3 and 4
#: are large (strategic), 9-11 small specialists (bottleneck) in riskier countries.
EXCLUSIVE_ITEMS = {3: (20, 21), 4: (22, 23), 9: (24,), 10: (25,), 11: (26,)}
#: Relative purchase-order frequency of a supplier (1 unless listed).
SUPPLIER_WEIGHT = {3: 1.6, 4: 1.6, 9: 0.25, 10: 0.25, 11: 0.25}
SUPPLIER_COUNTRY = {9: "CN", 10: "CN", 11: "CN"}
#: Key accounts: specialty retailers and distributors buying full lots at list price or a
#: little above, without discounts (high margin, low cost to serve: the passive segment).
KEY_ACCOUNTS = (5, 7, 11, 17)
#: Replenishment programme: items a retail customer reorders every week, sold only that way,
#: worth about this much a week (USD at scale 0.01); the spread (log-normal sigma of the
#: weekly quantity) makes them steady (X) or variable (Y). These customers pay list price plus
#: a service premium but take small weekly drops (high margin, high cost to serve: carriage
#: trade).
#: Item index -> (customer index, weekly USD, spread).
STEADY_ITEMS = {
    30: (8, 90.0, 0.1),
    31: (13, 75.0, 0.1),
    32: (8, 110.0, 0.1),
    33: (13, 14.0, 0.1),
    34: (8, 10.0, 0.1),
    35: (13, 16.0, 0.1),
    36: (8, 70.0, 0.7),
    37: (13, 60.0, 0.7),
}
LIST_PRICE_CUSTOMERS = (*KEY_ACCOUNTS, *sorted({c for c, _, _ in STEADY_ITEMS.values()}))

_UOM = {"ST": "Ea", "KG": "KG", "L": "L"}
_GROUPS = ("FOOD01", "FOOD02", "BEV01", "BEV02", "HOME01", "HOME02", "PERS01", "ELEC01")
_NOUNS = ("Cleaner", "Snack Bar", "Iced Tea", "Lamp", "Shampoo", "Cable", "Candle", "Soup")
_ADJ = ("Prairie", "Coastal", "Summit", "Liberty", "Harbor", "Canyon", "Maple", "Ridge")


def xref_rows(path: Path = XREF) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as f:
        return [r for r in csv.DictReader(f) if r["source_system"] == "oracle"]


def shared(object_type: str, path: Path = XREF) -> dict[str, str]:
    """Oracle number -> SAP id for the objects the cross-reference maps to an SAP id."""
    return {
        r["source_id"]: r["global_id"]
        for r in xref_rows(path)
        if r["object_type"] == object_type and not r["global_id"].startswith("ORA-")
    }


# ---------------------------------------------------------------------------------------
# masters


@dataclass
class Items:
    number: list[str]
    item_id: np.ndarray
    description: list[str]
    category: list[str]
    uom: list[str]
    weight: np.ndarray
    weight_uom: list[str]
    gtin: list[str]
    price: np.ndarray  # USD per primary unit
    cost: np.ndarray  # USD per primary unit
    inactive: np.ndarray
    ghost: np.ndarray  # left out of the item extract (orphan_material)
    volume: np.ndarray  # relative sales volume


@dataclass
class Suppliers:
    number: list[str]
    vendor_id: np.ndarray
    name: list[str]
    country: list[str]
    on_time: np.ndarray  # probability a receipt arrives by the need-by date
    lead: np.ndarray  # lead time in days


@dataclass
class Customers:
    number: list[str]
    account_id: np.ndarray
    name: list[str]
    country: list[str]
    state: list[str]
    channel: list[str]
    created: np.ndarray  # day offset (negative: before the run)
    weight: np.ndarray


def build_items(ctx: Context, m: sap_masters.Masters) -> Items:
    rng = ctx.rng("oracle-items")
    sap_of = shared("product")
    sap_index = {str(v): i for i, v in enumerate(m.products.ids)}
    n = N_ITEMS
    number = [item_number(k) for k in range(n)]
    description, category, uom, gtin, weight_uom = [], [], [], [], []
    weight = np.round(rng.lognormal(0.0, 0.8, n), 3)
    price = np.round(rng.lognormal(2.3, 0.7, n), 2)
    bodies = 761234500000 + np.arange(n) * 37
    own_gtin = [f"0{b}{c}" for b, c in zip(bodies, gs1_check_digit(bodies), strict=True)]
    for k in range(n):
        sap = sap_index.get(sap_of.get(number[k], ""), -1)
        if sap >= 0:
            p = m.products
            description.append(str(p.maktx[sap]))
            category.append(str(p.matkl[sap]))
            uom.append(_UOM.get(str(p.meins[sap]), "Ea"))
            weight[k] = round(float(p.weight_kg[sap]), 3)
            price[k] = round(float(p.price_eur[sap]) * USD_PER_EUR, 2)
            gtin.append(str(p.ean[sap]))
        else:
            noun = _NOUNS[int(rng.integers(len(_NOUNS)))]
            description.append(f"{_ADJ[int(rng.integers(len(_ADJ)))]} {noun} {100 + 25 * k}")
            category.append(_GROUPS[int(rng.integers(len(_GROUPS)))])
            uom.append(("Ea", "Ea", "Ea", "KG", "L")[int(rng.integers(5))])
            gtin.append(own_gtin[k])
        if number[k] == CONFLICTS["uom"]:
            uom[k] = "CS" if uom[k] != "CS" else "Ea"
        if number[k] == CONFLICTS["category"]:
            category[k] = "HOME02" if category[k] != "HOME02" else "HOME01"
        weight_uom.append("LBS" if rng.random() < 0.3 else "KG")
    weight_out = np.where(np.array(weight_uom) == "LBS", weight / 0.45359237, weight)
    inactive = rng.random(n) < 0.04
    ghost = np.zeros(n, bool)
    if ctx.rates["orphan_material"] > 0:
        ghost[n - 2] = True  # sold, but never in the item extract
    return Items(
        number=number,
        item_id=ITEM_ID0 + np.arange(n, dtype=np.int64) * 13,
        description=description,
        category=category,
        uom=uom,
        weight=np.round(weight_out, 3),
        weight_uom=weight_uom,
        gtin=gtin,
        price=price,
        cost=np.round(price * rng.uniform(0.55, 0.75, n), 2),
        inactive=inactive,
        ghost=ghost,
        volume=rng.pareto(1.2, n) + 0.2,
    )


def build_suppliers(ctx: Context, m: sap_masters.Masters) -> Suppliers:
    rng = ctx.rng("oracle-suppliers")
    sap_of = shared("supplier")
    sap_index = {str(v): i for i, v in enumerate(m.suppliers.ids)}
    n = N_SUPPLIERS
    number = [supplier_number(k) for k in range(n)]
    names, countries = [], []
    for k in range(n):
        sap = sap_index.get(sap_of.get(number[k], ""), -1)
        if sap >= 0:
            names.append(m.suppliers.names[sap])
            countries.append(str(m.suppliers.country[sap]))
        else:
            country = (
                SUPPLIER_COUNTRY.get(k)
                or ("US", "US", "US", "CN", "DE", "GB")[int(rng.integers(6))]
            )
            names.append(sap_masters._company_name(rng, country))
            countries.append(country)
    return Suppliers(
        number=number,
        vendor_id=VENDOR_ID0 + np.arange(n, dtype=np.int64) * 11,
        name=names,
        country=countries,
        on_time=rng.uniform(0.6, 0.98, n),
        lead=rng.integers(5, 30, n),
    )


def build_customers(ctx: Context, m: sap_masters.Masters) -> Customers:
    rng = ctx.rng("oracle-customers")
    sap_of = shared("customer")
    sap_index = {str(v): i for i, v in enumerate(m.customers.ids)}
    n = N_CUSTOMERS
    number = [account_number(k) for k in range(n)]
    names, countries, states = [], [], []
    channel = []
    for k in range(n):
        sap = sap_index.get(sap_of.get(number[k], ""), -1)
        if sap >= 0:
            names.append(m.customers.names[sap])
            countries.append(str(m.customers.country[sap]))
        else:
            names.append(sap_masters._company_name(rng, "US"))
            countries.append("US")
        states.append(("NY", "NJ", "CA", "TX", "IL", "GA")[int(rng.integers(6))])
        channel.append(("WHOLESALE", "WHOLESALE", "RETAIL", "RETAIL", "ONLINE")[k % 5])
    return Customers(
        number=number,
        account_id=ACCOUNT_ID0 + np.arange(n, dtype=np.int64) * 7,
        name=names,
        country=countries,
        state=states,
        channel=channel,
        created=-rng.integers(30, 2000, n),
        weight=rng.pareto(1.5, n) + 0.3,
    )


# ---------------------------------------------------------------------------------------
# transactions


@dataclass
class Fulfillment:
    header: np.ndarray  # order index
    line_no: np.ndarray
    customer: np.ndarray  # index
    item: np.ndarray
    org: np.ndarray
    qty: np.ndarray
    amount: np.ndarray  # USD
    order_day: np.ndarray
    request_day: np.ndarray
    ship_day: np.ndarray  # -1 = not shipped by the end of the run
    shipped_qty: np.ndarray
    cancelled: np.ndarray
    service: np.ndarray


def build_fulfillment(ctx: Context, items: Items, customers: Customers) -> Fulfillment:
    rng = ctx.rng("oracle-orders")
    n_orders = max(60, round(ctx.days * 100 * ctx.scale**0.75))
    cw = customers.weight / customers.weight.sum()
    order_customer = rng.choice(len(cw), size=n_orders, p=cw)
    order_day = np.sort(rng.integers(0, ctx.days, n_orders))
    lines = rng.integers(1, 5, n_orders)
    header = np.repeat(np.arange(n_orders), lines)
    line_no = np.concatenate([np.arange(1, k + 1) for k in lines])
    n = len(header)
    volume = items.volume.copy()
    volume[list(STEADY_ITEMS)] = 0.0  # sold only through the replenishment programme
    iw = volume / volume.sum()
    item = rng.choice(len(iw), size=n, p=iw)
    key = np.isin(order_customer[header], KEY_ACCOUNTS)
    qty = np.maximum(1, np.rint(rng.lognormal(np.where(key, 3.4, 2.2), 0.6)))
    at_list = np.isin(order_customer[header], LIST_PRICE_CUSTOMERS)
    discount = np.where(at_list, rng.uniform(1.0, 1.06, n), rng.uniform(0.85, 1.0, n))
    amount = np.round(qty * items.price[item] * discount, 2)
    day = order_day[header]
    request = day + rng.integers(2, 10, n)
    delay = np.where(rng.random(n) < 0.85, rng.integers(-1, 1, n), rng.integers(1, 8, n))
    ship = np.maximum(day, request + delay)
    cancelled = rng.random(n) < 0.02
    short = (rng.random(n) < 0.05) & (qty >= 2)  # a short shipment still ships something
    shipped_qty = np.where(short, np.floor(qty * 0.6), qty)
    ship = np.where(cancelled | (ship > ctx.last), -1, ship)
    service = np.where(rng.random(n) < 0.1, "EXPRESS", "STANDARD")
    org = rng.integers(0, len(ORGS), n)
    st = _steady_orders(ctx, items, n_orders)
    shipped_qty = np.where(ship >= 0, shipped_qty, 0.0)
    return Fulfillment(
        header=np.r_[header, st["header"]],
        line_no=np.r_[line_no, np.ones(len(st["header"]), np.int64)],
        customer=np.r_[order_customer[header], st["customer"]],
        item=np.r_[item, st["item"]],
        org=np.r_[org, np.zeros(len(st["header"]), np.int64)],
        qty=np.r_[qty, st["qty"]],
        amount=np.r_[amount, st["amount"]],
        order_day=np.r_[day, st["day"]],
        request_day=np.r_[request, st["request"]],
        ship_day=np.r_[ship, st["ship"]],
        shipped_qty=np.r_[shipped_qty, np.where(st["ship"] >= 0, st["qty"], 0.0)],
        cancelled=np.r_[cancelled, np.zeros(len(st["header"]), bool)],
        service=np.r_[service, np.full(len(st["header"]), "STANDARD")],
    )


def _steady_orders(ctx: Context, items: Items, first_header: int) -> dict[str, np.ndarray]:
    """The replenishment programme's weekly orders (one line each, on a fixed weekday per
    item), numbered after the other orders; quantities vary around the weekly
    value, which grows with ``--scale`` like the other order volumes."""
    rng = ctx.rng("oracle-replenishment")
    scale = (ctx.scale / 0.01) ** 0.75
    parts = []
    for k, (customer, usd, spread) in STEADY_ITEMS.items():
        days = np.arange(k % 7, ctx.days, 7)
        base = max(1.0, usd * scale / float(items.price[k]))
        qty = np.maximum(1, np.rint(base * rng.lognormal(0.0, spread, len(days))))
        parts.append((days, np.full(len(days), k), np.full(len(days), customer), qty))
    day = np.concatenate([p[0] for p in parts]).astype(np.int64)
    order = np.argsort(day, kind="stable")
    day = day[order]
    item = np.concatenate([p[1] for p in parts]).astype(np.int64)[order]
    qty = np.concatenate([p[3] for p in parts])[order]
    request = day + 2
    return {
        "header": first_header + np.arange(len(day), dtype=np.int64),
        "customer": np.concatenate([p[2] for p in parts]).astype(np.int64)[order],
        "item": item,
        "qty": qty,
        "amount": np.round(qty * items.price[item] * rng.uniform(1.02, 1.06, len(day)), 2),
        "day": day,
        "request": request,
        "ship": np.where(request > ctx.last, -1, request),
    }


@dataclass
class Purchasing:
    po: np.ndarray  # header index per schedule (one line, one schedule each)
    line_no: np.ndarray
    supplier: np.ndarray  # index per header
    po_day: np.ndarray  # per header
    item: np.ndarray
    org: np.ndarray
    qty: np.ndarray
    price: np.ndarray
    need_by: np.ndarray
    receipt_day: np.ndarray  # -1 = open at the end of the run
    returned: np.ndarray  # quantity returned to vendor (0 = none)
    on_contract: np.ndarray


def build_purchasing(ctx: Context, items: Items, suppliers: Suppliers) -> Purchasing:
    rng = ctx.rng("oracle-purchasing")
    n_po = max(40, round(ctx.days * 30 * ctx.scale**0.75))
    n_su = len(suppliers.number)
    sw = np.array([SUPPLIER_WEIGHT.get(k, 1.0) for k in range(n_su)])
    supplier = rng.choice(n_su, size=n_po, p=sw / sw.sum())
    po_day = np.sort(rng.integers(0, ctx.days, n_po))
    lines = rng.integers(1, 4, n_po)
    po = np.repeat(np.arange(n_po), lines)
    line_no = np.concatenate([np.arange(1, k + 1) for k in lines])
    n = len(po)
    exclusive = {i for own in EXCLUSIVE_ITEMS.values() for i in own}
    pool = np.array([i for i in range(len(items.number)) if i not in exclusive])
    item = pool[rng.integers(0, len(pool), n)]
    own_pick = rng.random(n) < 0.5
    for k, own in EXCLUSIVE_ITEMS.items():
        sel = (supplier[po] == k) & own_pick
        item[sel] = np.array(own)[rng.integers(0, len(own), int(sel.sum()))]
    qty = np.maximum(10, np.rint(rng.lognormal(4.5, 0.8, n)))
    price = np.round(items.cost[item] * rng.uniform(0.95, 1.05, n), 2)
    lead = suppliers.lead[supplier[po]]
    need_by = po_day[po] + lead
    late = rng.random(n) > suppliers.on_time[supplier[po]]
    arrive = need_by + np.where(late, rng.integers(1, 12, n), -rng.integers(0, 3, n))
    arrive = np.maximum(arrive, po_day[po] + 1)
    receipt_day = np.where(arrive > ctx.last, -1, arrive)
    returned = np.where((receipt_day >= 0) & (rng.random(n) < 0.03), np.floor(qty * 0.1), 0.0)
    return Purchasing(
        po=po,
        line_no=line_no,
        supplier=supplier,
        po_day=po_day,
        item=item,
        org=rng.integers(0, len(ORGS), n),
        qty=qty,
        price=price,
        need_by=need_by,
        receipt_day=receipt_day,
        returned=returned,
        on_contract=rng.random(n) < 0.85,
    )


# ---------------------------------------------------------------------------------------
# formatting


def _ts(ctx: Context, days: np.ndarray, seconds: np.ndarray | None = None) -> pa.Array:
    """Who-column timestamps ``2025-01-03T14:05:09.000+00:00`` (UTC) for day offsets."""
    days = np.asarray(days, dtype=np.int64)
    secs = np.zeros(len(days), np.int64) if seconds is None else np.asarray(seconds, np.int64)
    t = (days + ctx.start_epoch_day) * 86_400 + secs
    body = np.datetime_as_string(t.astype("datetime64[s]"), unit="s")
    return pa.array(np.char.add(body.astype(str), ".000+00:00"), type=pa.string())


def _s(values) -> pa.Array:
    return pa.array([str(v) for v in values], type=pa.string())


def _opt_date(ctx: Context, days: np.ndarray) -> pa.Array:
    out = iso_date(ctx, np.maximum(days, 0)).to_pylist()
    return pa.array([v if k >= 0 else None for v, k in zip(out, days, strict=True)], pa.string())


def _num(values: np.ndarray, decimals: int) -> pa.Array:
    """Oracle numbers: no trailing zeros (``12``, ``12.5``), leading minus."""
    out = fixed(values, decimals).to_pylist()
    trimmed = [v.rstrip("0").rstrip(".") if "." in v else v for v in out]
    return pa.array(trimmed, type=pa.string())


def _int(values: np.ndarray) -> pa.Array:
    return text(np.asarray(values, dtype=np.int64))


SPEC = TextSpec(unparseable=(("LAST_UPDATE_DATE", "timestamp"),))
NUMBER_SPEC = {
    "oracle/po_line": TextSpec(unparseable=(("QUANTITY", "number"),)),
    "oracle/po_schedule": TextSpec(unparseable=(("NEED_BY_DATE", "iso_date"),)),
    "oracle/receiving_transaction": TextSpec(unparseable=(("PRIMARY_QUANTITY", "number"),)),
    "oracle/fulfillment_line": TextSpec(unparseable=(("ORDERED_QTY", "number"),)),
    "oracle/sales_order_header": TextSpec(),
    "oracle/po_header": TextSpec(),
}


class Writer:
    def __init__(self, ctx: Context, landing: Landing, manifest: Manifest) -> None:
        self.ctx = ctx
        self.landing = landing
        self.manifest = manifest

    def deliver(self, name: str, days: Iterator[tuple[int, Rows, dict[str, int]]]) -> None:
        ent = entity(name)
        spec = NUMBER_SPEC.get(name) if ent.kind == "delta" else None
        for day, rows, counts in days:
            self.landing.deliver(ent, day, rows, spec)
            for defect, n in counts.items():
                if n:
                    self.manifest.count(defect, name, n)


def _by_day(ctx: Context, send_day: np.ndarray, build) -> Iterator:
    """Per extract day, the rows sent that day: ``build(indices)`` -> (columns, counts)."""
    order = np.argsort(send_day, kind="stable")
    bounds = np.searchsorted(send_day[order], np.arange(ctx.days + 1))
    for day in range(ctx.days):
        idx = order[bounds[day] : bounds[day + 1]]
        if len(idx):
            cols, protected, counts = build(idx)
            sums = {k: int(np.asarray(v).sum()) for k, v in counts.items()}
            yield day, Rows(cols, protected), sums


def write(
    ctx: Context,
    landing: Landing,
    manifest: Manifest,
    m: sap_masters.Masters,
    fx: sap_masters.Fx,
) -> dict:
    """Simulate the Oracle business unit and write its 11 entities, plus its TMS shipments
    and freight charges; returns business notes."""
    items = build_items(ctx, m)
    suppliers = build_suppliers(ctx, m)
    customers = build_customers(ctx, m)
    ff = build_fulfillment(ctx, items, customers)
    pu = build_purchasing(ctx, items, suppliers)
    w = Writer(ctx, landing, manifest)
    _masters(ctx, w, items, suppliers, customers)
    _purchasing(ctx, w, items, suppliers, pu)
    _orders(ctx, w, items, customers, ff)
    _onhand(ctx, w, items, ff, pu)
    _standard_costs(ctx, w, items)
    shipments = build_shipments(ctx, m, items, customers, ff)
    _tms(ctx, landing, manifest, m, fx, customers, shipments)
    spend = float((pu.qty * pu.price).sum())
    unmapped = ORACLE_UNMAPPED["supplier"]
    unmapped_spend = float(
        sum(
            pu.qty[k] * pu.price[k]
            for k in range(len(pu.po))
            if suppliers.number[pu.supplier[pu.po[k]]] in unmapped
        )
    )
    return {
        "oracle_fulfillment_lines": int(len(ff.header)),
        "oracle_po_schedules": int(len(pu.po)),
        "oracle_shipments": int(shipments.n),
        "oracle_po_spend_usd": round(spend, 2),
        "oracle_unmapped_supplier_spend_usd": round(unmapped_spend, 2),
    }


def _masters(ctx: Context, w: Writer, it: Items, su: Suppliers, cu: Customers) -> None:
    keep = ~it.ghost
    idx = np.flatnonzero(keep)
    item_cols = {
        "INVENTORY_ITEM_ID": _int(it.item_id[idx]),
        "ITEM_NUMBER": _s([it.number[i] for i in idx]),
        "DESCRIPTION": _s([it.description[i] for i in idx]),
        "ITEM_TYPE": _s(["Finished Good"] * len(idx)),
        "CATEGORY_CODE": _s([it.category[i] for i in idx]),
        "PRIMARY_UOM_CODE": _s([it.uom[i] for i in idx]),
        "UNIT_WEIGHT": _num(it.weight[idx], 3),
        "WEIGHT_UOM_CODE": _s([it.weight_uom[i] for i in idx]),
        "GTIN": _s([it.gtin[i] for i in idx]),
        "INVENTORY_ITEM_STATUS_CODE": _s(np.where(it.inactive[idx], "Inactive", "Active")),
        "LIST_PRICE_PER_UNIT": _num(it.price[idx], 2),
        "LAST_UPDATE_DATE": _ts(ctx, -(idx % 90) - 1, 3600 * 9 + idx * 17),
    }
    n_su = len(su.number)
    sup_cols = {
        "VENDOR_ID": _int(su.vendor_id),
        "SEGMENT1": _s(su.number),
        "VENDOR_NAME": _s(su.name),
        "COUNTRY": _s(su.country),
        "VENDOR_TYPE_LOOKUP_CODE": _s(["SUPPLIER"] * n_su),
        "ENABLED_FLAG": _s(["Y"] * n_su),
        "END_DATE_ACTIVE": pa.nulls(n_su, pa.string()),
    }
    n_cu = len(cu.number)
    cust_cols = {
        "CUST_ACCOUNT_ID": _int(cu.account_id),
        "ACCOUNT_NUMBER": _s(cu.number),
        "PARTY_NAME": _s(cu.name),
        "COUNTRY": _s(cu.country),
        "STATE": _s(cu.state),
        "SALES_CHANNEL_CODE": _s(cu.channel),
        "STATUS": _s(["A"] * n_cu),
        "CREATION_DATE": _ts(ctx, cu.created, np.full(n_cu, 8 * 3600)),
    }
    for day in ctx.snapshot_days():
        w.deliver("oracle/item", iter([(day, Rows(item_cols), {})]))
        w.deliver("oracle/supplier", iter([(day, Rows(sup_cols), {})]))
        w.deliver("oracle/customer", iter([(day, Rows(cust_cols), {})]))


def _versions(ctx: Context, first: np.ndarray, later: np.ndarray) -> tuple[np.ndarray, ...]:
    """Row k sent on ``first[k]`` and again on ``later[k]`` (when >= 0 and re-sends are on).

    Returns (index into the objects, send day, is_final_version)."""
    resend = later >= 0
    if ctx.rates["newer_version_row"] == 0:  # defects "none": each key once, final state
        day = np.where(resend, later, first)
        return np.arange(len(first)), day, np.ones(len(first), bool)
    obj = np.r_[np.arange(len(first)), np.flatnonzero(resend)]
    day = np.r_[first, later[resend]]
    final = np.r_[~resend, np.ones(int(resend.sum()), bool)]
    return obj, day, final


def _purchasing(ctx: Context, w: Writer, it: Items, su: Suppliers, pu: Purchasing) -> None:
    n_po = len(pu.po_day)
    po_id = 300000050000000 + np.arange(n_po, dtype=np.int64) * 3
    line_id = 300000050500000 + np.arange(len(pu.po), dtype=np.int64) * 3
    loc_id = 300000051000000 + np.arange(len(pu.po), dtype=np.int64) * 3
    number = 2000 + np.arange(n_po)
    # a header is re-sent CLOSED when its last schedule is received
    last_receipt = np.full(n_po, -2)
    open_any = np.zeros(n_po, bool)
    np.maximum.at(last_receipt, pu.po, pu.receipt_day)
    np.logical_or.at(open_any, pu.po, pu.receipt_day < 0)
    closed_day = np.where(open_any, -1, last_receipt)
    hobj, hday, hfinal = _versions(ctx, pu.po_day, closed_day)

    def headers(idx):
        h = hobj[idx]
        closed = hfinal[idx] & (closed_day[h] >= 0)
        cols = {
            "PO_HEADER_ID": _int(po_id[h]),
            "SEGMENT1": _int(number[h]),
            "PRC_BU_ID": _int(np.full(len(h), PRC_BU_ID)),
            "TYPE_LOOKUP_CODE": _s(["STANDARD"] * len(h)),
            "VENDOR_ID": _int(su.vendor_id[pu.supplier[h]]),
            "CURRENCY_CODE": _s([CURRENCY] * len(h)),
            "AGENT_ID": _int(300000046000000 + pu.supplier[h] % 3),
            "DOCUMENT_STATUS": _s(np.where(closed, "CLOSED", "OPEN")),
            "CREATION_DATE": _ts(ctx, pu.po_day[h], 3600 * 10 + h % 3000),
            "LAST_UPDATE_DATE": _ts(ctx, hday[idx], 3600 * 11 + h % 3000),
        }
        return cols, ~hfinal[idx], {"newer_version_row": ~hfinal[idx]}

    w.deliver("oracle/po_header", _by_day(ctx, hday, headers))
    first = pu.po_day[pu.po]

    def lines(idx):
        cols = {
            "PO_LINE_ID": _int(line_id[idx]),
            "PO_HEADER_ID": _int(po_id[pu.po[idx]]),
            "LINE_NUM": _int(pu.line_no[idx]),
            "ITEM_ID": _int(it.item_id[pu.item[idx]]),
            "UOM_CODE": _s([it.uom[i] for i in pu.item[idx]]),
            "UNIT_PRICE": _num(pu.price[idx], 2),
            "QUANTITY": _num(pu.qty[idx], 0),
            "FROM_HEADER_ID": pa.array(
                [
                    str(300000052000000 + int(pu.supplier[pu.po[k]])) if pu.on_contract[k] else None
                    for k in idx
                ],
                pa.string(),
            ),
            "CANCEL_FLAG": _s(["N"] * len(idx)),
            "LAST_UPDATE_DATE": _ts(ctx, first[idx], 3600 * 10 + idx % 3000),
        }
        return cols, None, {}

    w.deliver("oracle/po_line", _by_day(ctx, first, lines))
    sobj, sday, sfinal = _versions(ctx, first, pu.receipt_day)

    def schedules(idx):
        k = sobj[idx]
        received = sfinal[idx] & (pu.receipt_day[k] >= 0)
        cols = {
            "LINE_LOCATION_ID": _int(loc_id[k]),
            "PO_LINE_ID": _int(line_id[k]),
            "PO_HEADER_ID": _int(po_id[pu.po[k]]),
            "SHIPMENT_NUM": _s(["1"] * len(k)),
            "SHIP_TO_ORGANIZATION_ID": _int(np.array([o[1] for o in ORGS])[pu.org[k]]),
            "QUANTITY": _num(pu.qty[k], 0),
            "QUANTITY_RECEIVED": _num(np.where(received, pu.qty[k] - pu.returned[k], 0), 0),
            "QUANTITY_CANCELLED": _s(["0"] * len(k)),
            "NEED_BY_DATE": iso_date(ctx, pu.need_by[k]),
            "PROMISED_DATE": iso_date(ctx, pu.need_by[k]),
            "CANCEL_FLAG": _s(["N"] * len(k)),
            "LAST_UPDATE_DATE": _ts(ctx, sday[idx], 3600 * 12 + k % 3000),
        }
        return cols, ~sfinal[idx], {"newer_version_row": ~sfinal[idx]}

    w.deliver("oracle/po_schedule", _by_day(ctx, sday, schedules))
    # receiving: RECEIVE + DELIVER (internal put-away, to be ignored) per received schedule,
    # RETURN TO VENDOR two days later for some
    rec = np.flatnonzero(pu.receipt_day >= 0)
    ret = rec[pu.returned[rec] > 0]
    ret = ret[pu.receipt_day[ret] + 2 <= ctx.last]
    kind = np.r_[np.zeros(len(rec), int), np.ones(len(rec), int), np.full(len(ret), 2)]
    sched = np.r_[rec, rec, ret]
    tday = np.r_[pu.receipt_day[rec], pu.receipt_day[rec], pu.receipt_day[ret] + 2]
    tid = 300000053000000 + np.arange(len(kind), dtype=np.int64)
    receive_id = dict(zip(rec.tolist(), tid[: len(rec)].tolist(), strict=True))
    types = np.array(["RECEIVE", "DELIVER", "RETURN TO VENDOR"])

    def receipts(idx):
        k = sched[idx]
        qty = np.where(kind[idx] == 2, pu.returned[k], pu.qty[k])
        parent = [None if kind[i] == 0 else str(receive_id[int(sched[i])]) for i in idx]
        cols = {
            "TRANSACTION_ID": _int(tid[idx]),
            "PARENT_TRANSACTION_ID": pa.array(parent, pa.string()),
            "TRANSACTION_TYPE": _s(types[kind[idx]]),
            "TRANSACTION_DATE": _ts(ctx, tday[idx], 3600 * 14 + idx % 3000),
            "PO_HEADER_ID": _int(po_id[pu.po[k]]),
            "PO_LINE_ID": _int(line_id[k]),
            "PO_LINE_LOCATION_ID": _int(loc_id[k]),
            "ORGANIZATION_ID": _int(np.array([o[1] for o in ORGS])[pu.org[k]]),
            "QUANTITY": _num(qty, 0),
            "UOM_CODE": _s([it.uom[i] for i in pu.item[k]]),
            "PRIMARY_QUANTITY": _num(qty, 0),
        }
        return cols, None, {}

    w.deliver("oracle/receiving_transaction", _by_day(ctx, tday, receipts))


def _orders(ctx: Context, w: Writer, it: Items, cu: Customers, ff: Fulfillment) -> None:
    n_orders = int(ff.header.max()) + 1
    header_id = 300000054000000 + np.arange(n_orders, dtype=np.int64) * 7
    order_day = np.zeros(n_orders, np.int64)
    order_day[ff.header] = ff.order_day
    order_customer = np.zeros(n_orders, np.int64)
    order_customer[ff.header] = ff.customer
    shipped_all = np.ones(n_orders, bool)
    np.logical_and.at(shipped_all, ff.header, (ff.ship_day >= 0) | ff.cancelled)
    done_day = np.full(n_orders, -1)
    np.maximum.at(done_day, ff.header, ff.ship_day)
    closed_day = np.where(shipped_all & (done_day >= 0), done_day, -1)
    hobj, hday, hfinal = _versions(ctx, order_day, closed_day)

    def headers(idx):
        h = hobj[idx]
        closed = hfinal[idx] & (closed_day[h] >= 0)
        cols = {
            "HEADER_ID": _int(header_id[h]),
            "ORDER_NUMBER": _int(500100 + h),
            "SOLD_TO_CUSTOMER_ID": _int(cu.account_id[order_customer[h]]),
            "ORDERED_DATE": _ts(ctx, order_day[h], 3600 * 15 + h % 3000),
            "TRANSACTIONAL_CURRENCY_CODE": _s([CURRENCY] * len(h)),
            "STATUS_CODE": _s(np.where(closed, "CLOSED", "OPEN")),
            "LAST_UPDATE_DATE": _ts(ctx, hday[idx], 3600 * 16 + h % 3000),
        }
        return cols, ~hfinal[idx], {"newer_version_row": ~hfinal[idx]}

    w.deliver("oracle/sales_order_header", _by_day(ctx, hday, headers))
    later = np.where(ff.ship_day >= 0, ff.ship_day, -1)
    lobj, lday, lfinal = _versions(ctx, ff.order_day, later)
    fl_id = fulfill_line_ids(len(ff.header))
    orgs = np.array([o[1] for o in ORGS])

    def lines(idx):
        k = lobj[idx]
        shipped = lfinal[idx] & (ff.ship_day[k] >= 0)
        status = np.where(
            ff.cancelled[k], "CANCELED", np.where(shipped, "SHIPPED", "AWAIT_SHIPPING")
        )
        orphan = it.ghost[ff.item[k]]
        cols = {
            "FULFILL_LINE_ID": _int(fl_id[k]),
            "HEADER_ID": _int(header_id[ff.header[k]]),
            "LINE_ID": _int(fl_id[k] + 1),
            "FULFILL_LINE_NUMBER": _int(ff.line_no[k]),
            "INVENTORY_ITEM_ID": _int(it.item_id[ff.item[k]]),
            "FULFILL_ORG_ID": _int(orgs[ff.org[k]]),
            "SHIP_TO_CUSTOMER_ID": _int(cu.account_id[ff.customer[k]]),
            "ORDERED_QTY": _num(ff.qty[k], 0),
            "ORDERED_UOM": _s([it.uom[i] for i in ff.item[k]]),
            "EXTENDED_AMOUNT": _num(ff.amount[k], 2),
            "REQUEST_SHIP_DATE": iso_date(ctx, ff.request_day[k]),
            "SHIPPED_QTY": pa.array(
                [_fmt(q) if s else None for q, s in zip(ff.shipped_qty[k], shipped, strict=True)],
                pa.string(),
            ),
            "ACTUAL_SHIP_DATE": _opt_date(ctx, np.where(shipped, ff.ship_day[k], -1)),
            "SHIP_CLASS_OF_SERVICE": _s(ff.service[k]),
            "DEMAND_CLASS_CODE": _s([cu.channel[c] for c in ff.customer[k]]),
            "STATUS_CODE": _s(status),
            "CANCELED_FLAG": _s(np.where(ff.cancelled[k], "Y", "N")),
            "LAST_UPDATE_DATE": _ts(ctx, lday[idx], 3600 * 17 + k % 3000),
        }
        protected = ~lfinal[idx] | orphan
        return cols, protected, {"newer_version_row": ~lfinal[idx], "orphan_material": orphan}

    w.deliver("oracle/fulfillment_line", _by_day(ctx, lday, lines))


def fulfill_line_ids(n: int) -> np.ndarray:
    """``FULFILL_LINE_ID`` of the fulfillment lines, in simulation order."""
    return 300000055000000 + np.arange(n, dtype=np.int64) * 3


def _fmt(q: float) -> str:
    return str(int(q)) if float(q).is_integer() else f"{q:.3f}".rstrip("0")


def _onhand(ctx: Context, w: Writer, it: Items, ff: Fulfillment, pu: Purchasing) -> None:
    """Daily on-hand per item, organisation and subinventory (``Stores``, ``Inspect``)."""
    rng = ctx.rng("oracle-onhand")
    n_items, n_orgs = len(it.number), len(ORGS)
    flow = np.zeros((ctx.days + 1, n_items, n_orgs))
    rec = pu.receipt_day >= 0
    received = pu.qty[rec] - pu.returned[rec]
    np.add.at(flow, (pu.receipt_day[rec], pu.item[rec], pu.org[rec]), received)
    shp = ff.ship_day >= 0
    np.add.at(flow, (ff.ship_day[shp], ff.item[shp], ff.org[shp]), -ff.shipped_qty[shp])
    opening = np.rint(rng.uniform(200, 1500, (n_items, n_orgs)))
    level = opening + np.cumsum(flow[: ctx.days], axis=0)
    stocked = ~it.ghost
    item_ix = np.repeat(np.flatnonzero(stocked), n_orgs)
    org_ix = np.tile(np.arange(n_orgs), int(stocked.sum()))
    inspect = rng.random(len(item_ix)) < 0.15
    ids = np.r_[it.item_id[item_ix], it.item_id[item_ix[inspect]]]
    org_ids = np.array([o[1] for o in ORGS])
    org_col = _int(np.r_[org_ids[org_ix], org_ids[org_ix[inspect]]])
    sub = _s(["Stores"] * len(item_ix) + ["Inspect"] * int(inspect.sum()))
    id_col = _int(ids)
    onhand = entity("oracle/onhand")
    for day in range(ctx.days):
        lv = level[day, item_ix, org_ix]
        insp = np.rint(np.abs(lv[inspect]) * 0.05)
        qty = np.r_[lv, insp]
        cols = {
            "INVENTORY_ITEM_ID": id_col,
            "ORGANIZATION_ID": org_col,
            "SUBINVENTORY_CODE": sub,
            "PRIMARY_TRANSACTION_QUANTITY": _num(qty, 0),
        }
        w.landing.deliver(onhand, day, Rows(cols), None)


#: Cost Management ids: one cost organisation and cost book for the business unit's orgs.
COST_ORG_ID, COST_BOOK_ID = 300000001000201, 300000001000301
#: Landed-cost uplift of the distribution centre over the plant (org order of ``ORGS``).
_ORG_COST_FACTOR = (1.0, 1.03)
#: Every ``REVISED_EVERY``-th item gets a new standard cost mid-run (effective dating).
REVISED_EVERY, REVISION = 4, 1.04


def _standard_costs(ctx: Context, w: Writer, it: Items) -> None:
    """Standard costs per item and inventory organisation (``CST_STD_COSTS``), per snapshot.

    One open-ended record per costed item and org, effective since before the run; every
    ``REVISED_EVERY``-th item is re-costed mid-run: from that day the extract carries the old
    record end-dated the day before (newer ``LAST_UPDATE_DATE``) and the new one. The orphan
    item (never in the item extract) has no cost either.
    """
    costed = np.flatnonzero(~it.ghost)
    n_orgs = len(ORGS)
    item_ix = np.repeat(costed, n_orgs)
    org_ix = np.tile(np.arange(n_orgs), len(costed))
    pair = np.arange(len(item_ix))
    factor = np.array(_ORG_COST_FACTOR)[org_ix]
    cost = it.cost[item_ix] * factor
    revised = item_ix % REVISED_EVERY == 1
    mid = ctx.days // 2
    org_ids = np.array([o[1] for o in ORGS])
    std_id = 300000056000000 + pair.astype(np.int64) * 2
    since = -400

    def records(day: int) -> dict[str, pa.Array]:
        now = day >= mid
        # record kinds: 0 = original (open, or end-dated when revised and now), 1 = revision
        rows = np.r_[pair, pair[revised] if now else np.array([], np.int64)]
        kind = np.r_[np.zeros(len(pair), int), np.ones(len(rows) - len(pair), int)]
        start = np.where(kind == 1, mid, since)
        ended = (kind == 0) & revised[rows] & now
        value = np.where(
            kind == 1, cost[rows], np.where(revised[rows], cost[rows] / REVISION, cost[rows])
        )
        updated = np.where((kind == 1) | ended, mid, since)
        return {
            "STD_COST_ID": _int(std_id[rows] + kind),
            "COST_ORG_ID": _int(np.full(len(rows), COST_ORG_ID)),
            "COST_BOOK_ID": _int(np.full(len(rows), COST_BOOK_ID)),
            "INVENTORY_ITEM_ID": _int(it.item_id[item_ix[rows]]),
            "ORGANIZATION_ID": _int(org_ids[org_ix[rows]]),
            "EFFECTIVE_START_DATE": iso_date(ctx, start),
            "EFFECTIVE_END_DATE": _opt_date(ctx, np.where(ended, mid - 1, -1)),
            "TOTAL_COST": _num(np.round(value, 4), 4),
            "CURRENCY_CODE": _s([CURRENCY] * len(rows)),
            "UOM_CODE": _s([it.uom[i] for i in item_ix[rows]]),
            "LAST_UPDATE_DATE": _ts(ctx, updated, 3600 * 7 + rows % 3000),
        }

    for day in ctx.snapshot_days():
        w.deliver("oracle/standard_cost", iter([(day, Rows(records(day)), {})]))


# ---------------------------------------------------------------------------------------
# TMS: the business unit's shipments and freight, in the same TMS as the SAP side

#: Oracle shipments are ``SHP6xxxxxxx`` and charges ``FC6xxxxxxxx`` (SAP ones count from 1);
#: their files are parts 101+ of the day's TMS extract.
SHIPMENT_ID0, CHARGE_ID0, TMS_FIRST_PART = 60_000_000, 600_000_000, 101
#: Plant day start in UTC (the organisations are on US Eastern time).
_PICKUP_HOUR_UTC = 12
#: The Oracle ship-to ids are global ids (``ORA-10023`` is not an SAP number): not padded.
SHIPMENT_SPEC = dataclasses.replace(tms.SHIPMENT_SPEC, pad=None)


def global_customer_ids(cu: Customers, path: Path = XREF) -> np.ndarray:
    """Global id of each Oracle customer: the SAP id when shared, else ``ORA-<number>``."""
    sap_of = shared("customer", path)
    return np.array([sap_of.get(n, f"ORA-{n}") for n in cu.number])


def build_shipments(
    ctx: Context, m: sap_masters.Masters, it: Items, cu: Customers, ff: Fulfillment
) -> tms.Shipments:
    """One shipment per organisation, ship-to and ship day: the fulfillment lines shipped
    together (a fulfillment line is the delivery, ``ORA-<FULFILL_LINE_ID>``). Domestic US
    lanes: parcel up to 30 kg, LTL up to 2.5 t, then TL; express lines make the shipment
    priority 1 (expedite charges). Carriers are the TMS carriers of the mode (US, lb-reporting
    ones first)."""
    rng = ctx.rng("oracle-shipments")
    shipped = np.flatnonzero(ff.ship_day >= 0)
    fl_id = fulfill_line_ids(len(ff.header))
    kg = np.where(np.array(it.weight_uom) == "LBS", it.weight * 0.45359237, it.weight)
    line_kg = ff.shipped_qty[shipped] * kg[ff.item[shipped]]
    day, org, cust = ff.ship_day[shipped], ff.org[shipped], ff.customer[shipped]
    gid, _ = group_numbers([day, org, cust])
    n = int(gid.max()) + 1 if len(gid) else 0
    order = np.argsort(gid, kind="stable")
    doc_offsets = np.r_[0, np.cumsum(np.bincount(gid, minlength=n))]
    lead = np.zeros(n, dtype=np.int64)
    lead[gid[::-1]] = np.arange(len(gid))[::-1]
    weight = np.bincount(gid, weights=line_kg, minlength=n)
    prio = np.full(n, 3)
    np.minimum.at(prio, gid, np.where(ff.service[shipped] == "EXPRESS", 1, 3))
    gi, plant, ship_to = day[lead], org[lead], cust[lead]
    distance = rng.uniform(40, 1400, len(cu.number))[ship_to]
    mode = np.where(weight < 30, 2, np.where(weight < 2500, 1, 0))  # tms.MODES codes
    carrier = _us_carriers(rng, m, mode)
    hours = np.select(
        [mode == 2, mode == 1], [rng.uniform(20, 40, n), distance / 45 + 12], distance / 60 + 4
    )
    day0 = (ctx.start_epoch_day + gi).astype(np.int64) * DAY_SECONDS
    planned_pickup = day0 + _PICKUP_HOUR_UTC * 3600 + rng.integers(0, 20, n) * 900
    picked_up = planned_pickup + rng.integers(-1800, 3 * 3600, n)
    transit = (hours * 3600).astype(np.int64)
    late = np.where(rng.random(n) < 0.08, rng.integers(12, 73, n) * 3600, 0)
    delivered = picked_up + (transit * rng.uniform(0.9, 1.1, n)).astype(np.int64) + late
    return tms.Shipments(
        ids=SHIPMENT_ID0 + 1 + np.arange(n),
        carrier=carrier,
        mode=tms.MODES[mode],
        plant=plant,
        ship_to=ship_to,
        doc_offsets=doc_offsets,
        docs=fl_id[shipped[order]],
        distance=np.round(distance, 1),
        weight_kg=np.round(weight, 1),
        cold=np.zeros(n, bool),
        excursion=np.zeros(n, bool),
        prio=prio,
        planned_pickup=planned_pickup,
        picked_up=picked_up,
        planned_delivery=planned_pickup + transit,
        delivered=delivered,
        created=planned_pickup - rng.integers(6, 31, n) * 3600,
        cancelled=np.zeros(n, bool),
    )


def _us_carriers(rng: np.random.Generator, m: sap_masters.Masters, mode: np.ndarray):
    car = m.carriers
    real = [k for k in range(len(car.ids)) if not car.ghost[k]]
    out = np.zeros(len(mode), dtype=np.int64)
    for mo in np.unique(mode):
        sel = np.flatnonzero(mode == mo)
        able = [k for k in real if tms.MODES[mo] in car.modes[k]] or real
        cand = [k for k in able if car.unit[k] == "lb"] or able
        out[sel] = np.array(cand)[rng.integers(len(cand), size=len(sel))]
    return out


def _tms(
    ctx: Context,
    landing: Landing,
    manifest: Manifest,
    m: sap_masters.Masters,
    fx: sap_masters.Fx,
    cu: Customers,
    sh: tms.Shipments,
) -> None:
    if sh.n == 0:  # e.g. a one-day run: nothing shipped yet
        return
    docs = pa.array([f"ORA-{v}" for v in sh.docs.tolist()], pa.string())
    plants = np.array([o[0] for o in ORGS])
    rows = tms.shipment_days(ctx, m, sh, ship_to=global_customer_ids(cu), plants=plants, docs=docs)
    charges = tms.build_charges(ctx, m, sh, fx, stream="oracle-charges")
    feeds = (
        ("tms/shipment", rows, SHIPMENT_SPEC),
        (
            "tms/freight_charge",
            tms.charge_days(ctx, m, sh, charges, first_id=CHARGE_ID0 + 1),
            tms.CHARGE_SPEC,
        ),
    )
    for name, days, spec in feeds:
        ent = entity(name)
        for day, part, counts in days:
            landing.deliver(ent, day, part, spec, first_part=TMS_FIRST_PART)
            for defect, k in counts.items():
                manifest.count(defect, name, k)


def xref_seed_rows(m: sap_masters.Masters) -> list[dict[str, str]]:
    """The cross-reference a steward keeps for the demo (``python -m generator.oracle``).

    Shared objects map to SAP ids (sold finished SAP products, active SAP suppliers and
    customers of the default demo), the others to ``ORA-<number>``; the objects of
    ``ORACLE_UNMAPPED`` are left out.
    """
    p = m.products
    candidates = [
        str(p.ids[i])
        for i in range(p.n)
        if p.sold[i] and not p.ghost[i] and not p.deleted[i] and p.mtart[i] in ("FERT", "HAWA")
    ]
    rows = []
    n_shared_items = round(0.2 * N_ITEMS)
    for k in range(N_ITEMS):
        number = item_number(k)
        if number in ORACLE_UNMAPPED["product"]:
            continue
        shared_item = k < n_shared_items and k < len(candidates)
        gid = candidates[k * 3 % len(candidates)] if shared_item else f"ORA-{number}"
        rows.append(("product", number, gid, "gtin" if shared_item else "manual"))
    sup = [str(m.suppliers.ids[i]) for i in range(len(m.suppliers.ids)) if not m.suppliers.ghost[i]]
    for k in range(N_SUPPLIERS):
        number = supplier_number(k)
        if number in ORACLE_UNMAPPED["supplier"]:
            continue
        is_shared = k < 2
        rows.append(
            (
                "supplier",
                number,
                sup[k * 5] if is_shared else f"ORA-{number}",
                "duns" if is_shared else "manual",
            )
        )
    cus = [str(m.customers.ids[i]) for i in range(len(m.customers.ids)) if not m.customers.ghost[i]]
    for k in range(N_CUSTOMERS):
        number = account_number(k)
        is_shared = k < 3
        rows.append(
            (
                "customer",
                number,
                cus[k * 7] if is_shared else f"ORA-{number}",
                "vat" if is_shared else "manual",
            )
        )
    return [
        {
            "object_type": t,
            "source_system": "oracle",
            "source_id": s,
            "global_id": g,
            "match_basis": b,
            "valid_from": "2024-01-01",
        }
        for t, s, g, b in rows
    ]


def _write_seed() -> None:  # pragma: no cover - run by hand when the demo masters change
    from datetime import date

    ctx = Context(date(2025, 1, 1), 365, 0.01, 42, d.rates_for("default"))
    rows = xref_seed_rows(sap_masters.build(ctx))
    with XREF.open("w", encoding="utf-8", newline="") as f:
        out = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        out.writeheader()
        out.writerows(rows)
    print(f"wrote {len(rows)} rows to {XREF}")


if __name__ == "__main__":  # pragma: no cover
    _write_seed()
