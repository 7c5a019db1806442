"""Master data of the simulated business: products, customers, stores, suppliers, carriers.

Masters are small (hundreds to a few thousand records), so plain Python over records is
fine here. Sizes scale sub-linearly with ``scale`` so that the demo scale still has enough
members for every segment:

- products ``max(150, 2000·√scale)`` sold + ``max(15, products/10)`` purchased-only
  (packaging/raw, alphanumeric ids), customers ``max(60, 3000·scale^0.75)``, suppliers
  ``max(25, 250·√scale)``, 8 carriers, 5 plants; stores 1-5 per retail leaf customer
  (plus the orphans of ``generator.defects``).

Every seventh customer group is e-commerce (channel 30) whatever the draws, and one
account in eight has a deep negotiated discount. Each product gets a demand pattern by
construction (steady ``X``, seasonal/variable ``Y``, intermittent ``Z``) and a Zipf-like
volume weight (so sales value is Pareto-concentrated); each supplier an intended Kraljic
quadrant that the sourcing plan and the assessments honour (see
``generator.procurement``). Orphans (sources.md defect 9) are real members of the
simulation that are left out of the master extracts."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from generator import defects as d
from generator.common import CURRENCIES, PLANTS, Context, gs1_check_digit

COUNTRY_CURRENCY = {
    "DE": "EUR",
    "FR": "EUR",
    "NL": "EUR",
    "IT": "EUR",
    "PL": "EUR",
    "GB": "GBP",
    "US": "USD",
    "SG": "SGD",
    "CN": "USD",
    "IN": "USD",
    "VN": "USD",
    "TR": "EUR",
    "BR": "USD",
}
COUNTRY_PLANT = {"DE": 0, "FR": 0, "GB": 2, "US": 3, "SG": 4}
COUNTRY_REGIONS = {
    "DE": ["HH", "BY", "NW", "BE", "HE"],
    "FR": ["IDF", "ARA", "PAC"],
    "GB": ["ENG", "SCT", "WLS"],
    "US": ["NY", "IL", "CA", "TX", "GA"],
    "SG": ["SG"],
}
STORE_TZ = {
    "DE": "Europe/Berlin",
    "FR": "Europe/Paris",
    "GB": "Europe/London",
    "US": "America/New_York",
    "SG": "Asia/Singapore",
}
#: Sold material groups (mapped by the hierarchy seed) and one left unmapped on purpose.
SOLD_GROUPS = (
    "FOOD01",
    "FOOD02",
    "BEV01",
    "BEV02",
    "HOME01",
    "HOME02",
    "PERS01",
    "PERS02",
    "ELEC01",
    "MISC99",
)
RAW_GROUPS = ("PACK01", "RAW01")
_WORDS_A = (
    "Organic",
    "Premium",
    "Classic",
    "Fresh",
    "Eco",
    "Family",
    "Smart",
    "Pure",
    "Golden",
    "Nordic",
    "Alpine",
    "Urban",
)
_WORDS_B = {
    "FOOD": ("Pasta", "Muesli", "Rice", "Cookies", "Olive Oil", "Tomato Sauce"),
    "BEV": ("Apple Juice", "Mineral Water", "Cold Brew", "Green Tea", "Lemonade"),
    "HOME": ("Detergent", "Dish Soap", "Paper Towels", "Trash Bags", "Sponges"),
    "PERS": ("Shampoo", "Toothpaste", "Hand Cream", "Shower Gel", "Deodorant"),
    "ELEC": ("USB Cable", "Power Bank", "LED Bulb", "Earbuds", "Batteries"),
    "MISC": ("Gift Set", "Sample Box", "Seasonal Decor"),
}
_SYLLABLES = (
    "ber",
    "lin",
    "ka",
    "mo",
    "ra",
    "tex",
    "vo",
    "sil",
    "dor",
    "an",
    "ne",
    "fa",
    "gro",
    "lum",
    "pex",
    "tri",
    "zen",
    "hal",
    "mar",
    "ol",
)
_LEGAL = {
    "DE": ("GmbH", "AG", "GmbH & Co. KG"),
    "FR": ("SA", "SARL"),
    "GB": ("Ltd", "plc"),
    "US": ("Inc.", "LLC", "Corp."),
    "SG": ("Pte. Ltd.",),
    "NL": ("B.V.",),
    "IT": ("S.p.A.", "S.r.l."),
    "PL": ("Sp. z o.o.",),
    "CN": ("Co., Ltd.",),
    "IN": ("Pvt. Ltd.",),
    "VN": ("JSC",),
    "TR": ("A.S.",),
    "BR": ("Ltda.",),
}
QUADRANTS = ("strategic", "leverage", "bottleneck", "routine")


@dataclass
class Products:
    ids: np.ndarray  # str, unpadded (numeric or alphanumeric)
    sold: np.ndarray  # bool
    ghost: np.ndarray  # bool: left out of the master extracts (orphan_material)
    mtart: np.ndarray
    matkl: np.ndarray
    meins: np.ndarray
    maktx: np.ndarray
    weight_kg: np.ndarray
    gewei: np.ndarray
    ean: np.ndarray  # str, 13 digits
    cost_eur: np.ndarray  # standard cost per base unit, EUR
    price_eur: np.ndarray  # list price per base unit, EUR
    peinh: np.ndarray  # price unit
    pattern: np.ndarray  # 'X', 'Y', 'Z' ('' for purchased-only)
    volume: np.ndarray  # relative annual sales volume (lines)
    cold: np.ndarray  # bool: temperature controlled
    deleted: np.ndarray  # bool
    laeda: np.ndarray  # last change day before the run
    plifz: np.ndarray  # [P, plants] planned delivery days
    plifz_missing: np.ndarray  # [P, plants] bool (missing_plifz)
    eisbe: np.ndarray  # [P, plants] safety stock

    @property
    def n(self) -> int:
        return len(self.ids)


@dataclass
class Customers:
    ids: np.ndarray  # int
    names: list[str]
    country: np.ndarray
    region: np.ndarray
    channel: np.ndarray  # '10', '20', '30'
    parent: np.ndarray  # index or -1
    erdat: np.ndarray  # day offset
    discount: np.ndarray  # price realisation factor
    weight: np.ndarray  # order volume weight
    ghost: np.ndarray
    leaves: list[np.ndarray]  # ship-to leaves under each customer
    rename_day: np.ndarray  # day a customer's name changes (-1 = never)

    @property
    def n(self) -> int:
        return len(self.ids)

    @property
    def currency(self) -> np.ndarray:
        return np.array([COUNTRY_CURRENCY[c] for c in self.country])

    @property
    def plant(self) -> np.ndarray:
        return np.array([COUNTRY_PLANT[c] for c in self.country])


@dataclass
class Stores:
    ids: np.ndarray  # 'ST00001'
    customer: np.ndarray  # index into customers
    names: list[str]
    country: np.ndarray
    tz: np.ndarray
    currency: np.ndarray

    @property
    def n(self) -> int:
        return len(self.ids)


@dataclass
class Suppliers:
    ids: np.ndarray  # int
    names: list[str]
    country: np.ndarray
    currency: np.ndarray
    quadrant: np.ndarray
    ghost: np.ndarray
    assessed: np.ndarray  # bool
    supply_risk: np.ndarray  # 1-5
    country_risk: np.ndarray  # L/M/H
    blocked_from: np.ndarray  # day a posting block is set (-1 = never)

    @property
    def n(self) -> int:
        return len(self.ids)


@dataclass
class Carriers:
    ids: list[str]
    names: list[str]
    scac: list[str]
    modes: list[list[str]]
    tz: list[str]
    zulu: list[bool]
    unit: list[str]  # weight unit reported: kg / lb
    currency: list[str]
    plants: list[list[int]]  # plants served
    ghost: list[bool]


@dataclass
class Masters:
    products: Products
    customers: Customers
    stores: Stores
    suppliers: Suppliers
    carriers: Carriers


def sizes(scale: float) -> dict[str, int]:
    root = math.sqrt(scale)
    products = max(150, round(2000 * root))
    # Customers grow a little faster than products: shipments consolidate the deliveries
    # of one ship-to and day, so their number follows customer-days, not order lines.
    return {
        "products": products,
        "raw": max(15, products // 10),
        "customers": max(60, round(3000 * scale**0.75)),
        "suppliers": max(25, round(250 * root)),
    }


def build(ctx: Context) -> Masters:
    size = sizes(ctx.scale)
    products = _products(ctx, size)
    customers = _customers(ctx, size)
    return Masters(
        products=products,
        customers=customers,
        stores=_stores(ctx, customers),
        suppliers=_suppliers(ctx, size),
        carriers=_carriers(ctx),
    )


def _company_name(rng: np.random.Generator, country: str) -> str:
    parts = rng.choice(len(_SYLLABLES), size=int(rng.integers(2, 4)))
    stem = "".join(_SYLLABLES[i] for i in parts).capitalize()
    legal = _LEGAL[country][int(rng.integers(len(_LEGAL[country])))]
    if rng.random() < 0.15:  # names with commas and umlauts are real and break naive CSV
        partner = "".join(_SYLLABLES[i] for i in rng.choice(len(_SYLLABLES), 2)).capitalize()
        stem = f"{stem}, {partner} & Söhne" if country == "DE" else f"{stem}, {partner} & Co"
    return f"{stem} {legal}"


def _products(ctx: Context, size: dict[str, int]) -> Products:
    rng = ctx.rng("products")
    n_sold = size["products"]
    n_ghost = d.orphan_count(ctx.rates["orphan_material"], n_sold)
    n_raw = size["raw"]
    n = n_sold + n_ghost + n_raw
    sold = np.r_[np.ones(n_sold + n_ghost, bool), np.zeros(n_raw, bool)]
    ghost = np.zeros(n, bool)
    ghost[n_sold : n_sold + n_ghost] = True
    numeric_ids = (10_000_000 + np.arange(n_sold + n_ghost) * 7 + 3).astype(str)
    raw_ids = np.array([f"PK-{i:05d}" for i in range(1, n_raw + 1)])
    ids = np.r_[numeric_ids, raw_ids]
    groups = np.r_[
        rng.choice(
            SOLD_GROUPS,
            size=n_sold + n_ghost,
            p=[0.13, 0.12, 0.12, 0.12, 0.1, 0.1, 0.1, 0.1, 0.08, 0.03],
        ),
        rng.choice(RAW_GROUPS, size=n_raw),
    ]
    mtart = np.where(
        sold,
        np.where(rng.random(n) < 0.7, "HAWA", "FERT"),
        np.where(rng.random(n) < 0.5, "VERP", "ROH"),
    )
    meins = np.where(
        np.char.startswith(groups, "BEV"),
        np.where(rng.random(n) < 0.5, "L", "ST"),
        np.where(np.char.startswith(groups, "FOOD") & (rng.random(n) < 0.3), "KG", "ST"),
    )
    maktx = []
    for i in range(n):  # small master
        family = groups[i][:-2] if groups[i][-2:].isdigit() else groups[i]
        if not sold[i]:
            maktx.append(f"{'Carton' if groups[i] == 'PACK01' else 'Raw material'} {ids[i]}")
            continue
        nouns = _WORDS_B.get(family, _WORDS_B["MISC"])
        maktx.append(
            f"{_WORDS_A[rng.integers(len(_WORDS_A))]} "
            f"{nouns[rng.integers(len(nouns))]} {int(rng.integers(1, 40)) * 25}"
        )
    weight_kg = np.round(rng.lognormal(-0.7, 0.9, n), 3) + 0.01
    gewei = rng.choice(np.array(["KG", "G", "LB"]), size=n, p=[0.6, 0.25, 0.15])
    ean_body = 400_000_000_000 + rng.permutation(n) * 37 + 11
    ean = (ean_body * 10 + gs1_check_digit(ean_body)).astype(str)
    cost = np.round(np.exp(rng.normal(1.6, 0.9, n)), 2) + 0.05
    price = np.round(cost * rng.uniform(1.25, 1.9, n), 2)
    peinh = np.where(cost < 0.5, 100, np.where(cost < 2, 10, 1))
    pattern = np.where(sold, rng.choice(np.array(["X", "Y", "Z"]), size=n, p=[0.35, 0.3, 0.35]), "")
    pattern[ghost] = "Z"
    # Zipf-like volume over a random rank order: value ends up Pareto-concentrated.
    rank = rng.permutation(n) + 1
    volume = np.where(sold, 1.0 / rank**1.05, 0.0)
    volume[ghost] *= 0.2
    cold = sold & np.char.startswith(groups, "FOOD") & (rng.random(n) < 0.35)
    deleted = (~ghost) & (rng.random(n) < 0.02) & (pattern != "X")
    laeda = -rng.integers(30, 1500, n)
    n_plants = len(PLANTS)
    base_lt = rng.integers(4, 40, n)
    plifz = np.clip(base_lt[:, None] + rng.integers(-3, 6, (n, n_plants)), 2, 60)
    plifz_missing = rng.random((n, n_plants)) < ctx.rates["missing_plifz"]
    plifz_missing[ghost] = False
    eisbe = np.round(rng.uniform(5, 200, (n, n_plants)))
    return Products(
        ids=ids,
        sold=sold,
        ghost=ghost,
        mtart=mtart,
        matkl=groups,
        meins=meins,
        maktx=np.array(maktx, dtype=object),
        weight_kg=weight_kg,
        gewei=gewei,
        ean=ean,
        cost_eur=cost,
        price_eur=price,
        peinh=peinh,
        pattern=pattern,
        volume=volume,
        cold=cold,
        deleted=deleted,
        laeda=laeda,
        plifz=plifz,
        plifz_missing=plifz_missing,
        eisbe=eisbe,
    )


def _customers(ctx: Context, size: dict[str, int]) -> Customers:
    rng = ctx.rng("customers")
    n_real = size["customers"]
    n_ghost = d.orphan_count(ctx.rates["orphan_customer"], n_real)
    n = n_real + n_ghost
    country = rng.choice(
        np.array(["DE", "FR", "GB", "US", "SG"]), size=n, p=[0.35, 0.1, 0.2, 0.25, 0.1]
    )
    parent = np.full(n, -1)
    channel = np.empty(n, dtype=object)
    # Hierarchies of 2-4 levels; about a fifth of the customers stand alone.
    i = 0
    while i < n_real:
        group_channel = rng.choice(np.array(["10", "20", "30"]), p=[0.45, 0.4, 0.15])
        depth = int(rng.choice([1, 2, 3, 4], p=[0.2, 0.4, 0.25, 0.15]))
        root = i
        channel[root] = group_channel
        i += 1
        level = [root]
        for _ in range(depth - 1):
            nxt = []
            for p in level:
                for _ in range(int(rng.integers(1, 3))):
                    if i >= n_real:
                        break
                    parent[i] = p
                    channel[i] = group_channel
                    country[i] = country[root] if rng.random() < 0.8 else country[i]
                    nxt.append(i)
                    i += 1
            level = nxt or level
    # E-commerce (webshop / marketplace accounts ordering daily) at every scale: about one
    # group in seven is an e-commerce group, whatever the draws above gave.
    top = np.arange(n)
    for k in range(n_real):
        if parent[k] >= 0:
            top[k] = top[parent[k]]
    roots = np.flatnonzero((parent < 0) & (np.arange(n) < n_real))
    for r in roots[3::7]:
        channel[(top == r) & (np.arange(n) < n_real)] = "30"
    ghost = np.zeros(n, bool)
    ghost[n_real:] = True
    channel[n_real:] = "10"
    ids = 200_000 + np.arange(n) * 3 + 1
    names = [_company_name(rng, c) for c in country]
    region = np.array(
        [COUNTRY_REGIONS[c][int(rng.integers(len(COUNTRY_REGIONS[c])))] for c in country]
    )
    erdat = -rng.integers(60, 4000, n)
    # most accounts buy near list price; about one in eight negotiated a deep discount
    discount = np.where(rng.random(n) < 0.12, rng.uniform(0.7, 0.8, n), rng.uniform(0.9, 1.06, n))
    weight = rng.lognormal(0.0, 1.1, n)
    weight[ghost] *= 0.3
    children: list[list[int]] = [[] for _ in range(n)]
    for c in range(n):
        if parent[c] >= 0:
            children[parent[c]].append(c)
    leaves = [np.array(_leaves_under(c, children), dtype=np.int64) for c in range(n)]
    rename_day = np.full(n, -1)
    for k, day in enumerate(ctx.snapshot_days()[1:]):
        rename_day[(k * 7 + 3) % n_real] = max(0, day - 5)
    return Customers(
        ids=ids,
        names=names,
        country=country,
        region=region,
        channel=channel.astype(str),
        parent=parent,
        erdat=erdat,
        discount=discount,
        weight=weight,
        ghost=ghost,
        leaves=leaves,
        rename_day=rename_day,
    )


def _leaves_under(c: int, children: list[list[int]]) -> list[int]:
    if not children[c]:
        return [c]
    out: list[int] = []
    for child in children[c]:
        out.extend(_leaves_under(child, children))
    return out


def _stores(ctx: Context, customers: Customers) -> Stores:
    rng = ctx.rng("stores")
    owners = []
    for c in range(customers.n):
        is_leaf = len(customers.leaves[c]) == 1 and customers.leaves[c][0] == c
        if customers.channel[c] == "20" and is_leaf and not customers.ghost[c]:
            owners.extend([c] * int(rng.integers(1, 6)))
    owner = np.array(owners, dtype=np.int64)
    country = customers.country[owner].astype(object)
    # Every store time zone the spec names must occur: where no retailer of that country
    # exists, a retailer of another country runs a store there.
    for k, needed in enumerate(("DE", "GB", "US", "SG")):
        if len(owner) and needed not in set(country.tolist()):
            owner = np.r_[owner, owner[(k * 7) % len(owner)]]
            country = np.r_[country, np.array([needed], dtype=object)]
    country = country.astype(str)
    cities = {
        "DE": ("Hamburg", "Munich", "Berlin", "Cologne"),
        "FR": ("Paris", "Lyon"),
        "GB": ("London", "Leeds", "Bristol"),
        "US": ("Boston", "New York", "Atlanta"),
        "SG": ("Orchard", "Jurong", "Tampines"),
    }
    names = [
        f"{customers.names[o].split(' ')[0]} {cities[c][int(rng.integers(len(cities[c])))]}"
        f" #{k + 1}"
        for k, (o, c) in enumerate(zip(owner, country, strict=True))
    ]
    return Stores(
        ids=np.array([f"ST{k + 1:05d}" for k in range(len(owner))]),
        customer=owner,
        names=names,
        country=country,
        tz=np.array([STORE_TZ[c] for c in country]),
        currency=np.array([COUNTRY_CURRENCY[c] for c in country]),
    )


def _suppliers(ctx: Context, size: dict[str, int]) -> Suppliers:
    rng = ctx.rng("suppliers")
    n_real = size["suppliers"]
    n_strategic = max(2, round(0.15 * n_real))
    n_leverage = max(3, round(0.15 * n_real))
    n_bottleneck = max(2, round(0.3 * n_real))
    n_routine = n_real - n_strategic - n_leverage - n_bottleneck
    quadrant = np.array(
        ["strategic"] * n_strategic
        + ["leverage"] * n_leverage
        + ["bottleneck"] * n_bottleneck
        + ["routine"] * n_routine
    )
    n_ghost = d.orphan_count(ctx.rates["orphan_supplier"], n_real)
    quadrant = np.r_[quadrant, np.array(["ghost"] * n_ghost)]
    n = n_real + n_ghost
    high_risk_countries = ("CN", "IN", "VN", "TR", "BR")
    low_risk_countries = ("DE", "FR", "NL", "IT", "PL", "GB", "US")
    country = np.array(
        [
            high_risk_countries[int(rng.integers(5))]
            if q in ("strategic", "bottleneck")
            else low_risk_countries[int(rng.integers(7))]
            for q in quadrant
        ]
    )
    risk_of = {"CN": "H", "IN": "H", "VN": "H", "TR": "M", "BR": "M", "PL": "M", "IT": "M"}
    country_risk = np.array([risk_of.get(c, "L") for c in country])
    high = np.isin(quadrant, ["strategic", "bottleneck"])
    # Risk by construction: high-risk suppliers are single-sourced and scored 4-5, so they
    # clear 3.0 whatever their country; low-risk ones are multi-sourced, scored 1-3, and
    # never from a high-risk country, so they stay below it (models.md Kraljic formula).
    supply_risk = np.where(high, rng.integers(4, 6, n), rng.integers(1, 4, n))
    country_risk = np.where(~high & (country_risk == "H"), "M", country_risk)
    assessed = np.ones(n, bool)
    low_quadrants = np.flatnonzero(np.isin(quadrant, ["bottleneck", "routine"]))
    unassessed = rng.choice(low_quadrants, size=max(2, len(low_quadrants) // 6), replace=False)
    assessed[unassessed] = False
    blocked_from = np.full(n, -1)
    routine = np.flatnonzero(quadrant == "routine")
    if len(routine):
        blocked_from[routine[-1]] = ctx.days // 2
    ids = 70_000 + np.arange(n) * 11 + 5
    return Suppliers(
        ids=ids,
        names=[_company_name(rng, c) for c in country],
        country=country,
        currency=np.array([COUNTRY_CURRENCY[c] for c in country]),
        quadrant=quadrant,
        ghost=quadrant == "ghost",
        assessed=assessed,
        supply_risk=supply_risk,
        country_risk=country_risk,
        blocked_from=blocked_from,
    )


def _carriers(ctx: Context) -> Carriers:
    rows = [
        # id, name, scac, modes, tz, zulu, unit, currency, plants
        (
            "C001",
            "Nordfracht Logistik GmbH",
            "NFLG",
            ["TL", "LTL", "RAIL"],
            "Europe/Berlin",
            False,
            "kg",
            "EUR",
            [0, 1],
        ),
        (
            "C002",
            "Alpen Express AG",
            "ALPX",
            ["LTL", "PARCEL"],
            "Europe/Berlin",
            False,
            "kg",
            "EUR",
            [0, 1],
        ),
        (
            "C003",
            "Britannia Haulage Ltd",
            "BRHL",
            ["TL", "LTL", "PARCEL"],
            "Europe/London",
            False,
            "kg",
            "GBP",
            [2],
        ),
        (
            "C004",
            "Empire Freight Inc.",
            "EMFR",
            ["TL", "LTL", "RAIL"],
            "America/New_York",
            False,
            "lb",
            "USD",
            [3],
        ),
        (
            "C005",
            "Lakeshore Parcel LLC",
            "LKPC",
            ["PARCEL", "AIR"],
            "America/Chicago",
            False,
            "lb",
            "USD",
            [3],
        ),
        (
            "C006",
            "Straits Logistics Pte. Ltd.",
            "STLG",
            ["LTL", "PARCEL", "AIR", "OCEAN"],
            "Asia/Singapore",
            False,
            "kg",
            "SGD",
            [4, 3],
        ),
        (
            "C007",
            "GlobalLink Forwarding",
            "GLFW",
            ["AIR", "OCEAN", "TL"],
            "UTC",
            True,
            "kg",
            "USD",
            [0, 1, 2, 3, 4],
        ),
        (
            "C008",
            "Seine Transports SA",
            "SNTR",
            ["TL", "LTL"],
            "Europe/Paris",
            False,
            "kg",
            "EUR",
            [0],
        ),
    ]
    n_ghost = d.orphan_count(ctx.rates["orphan_carrier"], len(rows))
    for k in range(n_ghost):
        rows.append(
            (
                f"C9{k + 1:02d}",
                f"Spot Carrier {k + 1}",
                f"SPT{k + 1}",
                ["LTL", "TL"],
                "Europe/Berlin",
                False,
                "kg",
                "EUR",
                [0, 1],
            )
        )
    cols = list(zip(*rows, strict=True))
    ghost = [False] * 8 + [True] * n_ghost
    return Carriers(
        ids=list(cols[0]),
        names=list(cols[1]),
        scac=list(cols[2]),
        modes=list(cols[3]),
        tz=list(cols[4]),
        zulu=list(cols[5]),
        unit=list(cols[6]),
        currency=list(cols[7]),
        plants=list(cols[8]),
        ghost=ghost,
    )


def fx_table(ctx: Context) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Monthly rates to EUR from 12 months before the start to the end month.

    Returns (month indices, rate per currency per month) where month 0 is the start month;
    a deterministic random walk around ``CURRENCIES``.
    """
    rng = ctx.rng("fx")
    months = np.arange(-12, ctx.days // 28 + 2)
    rates = {}
    for cur, base in CURRENCIES.items():
        if cur == "EUR":
            rates[cur] = np.ones(len(months))
            continue
        walk = np.cumsum(rng.normal(0, 0.012, len(months)))
        rates[cur] = np.round(base * np.exp(walk - walk[12]), 5)
    return months, rates


class Fx:
    """Monthly rates to EUR used to price in local currencies (same rows as ``erp/fx_rate``)."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.months, self.rates = fx_table(ctx)

    def to_eur_rate(self, currency: np.ndarray, days: np.ndarray) -> np.ndarray:
        """1 unit of ``currency`` in EUR on each day (rate of that day's month)."""
        from generator.common import month_index

        idx = np.clip(month_index(self.ctx, days) - self.months[0], 0, len(self.months) - 1)
        out = np.ones(len(idx))
        currency = np.asarray(currency)
        for cur, series in self.rates.items():
            mask = currency == cur
            out[mask] = series[idx[mask]]
        return out

    def from_eur(
        self, amount_eur: np.ndarray, currency: np.ndarray, days: np.ndarray
    ) -> np.ndarray:
        return np.asarray(amount_eur) / self.to_eur_rate(currency, days)
