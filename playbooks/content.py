"""What a segment's playbook says: policies, thresholds, owners, escalation, members, changes.

``build_pages(database, top=N)`` reads the current official segments from a DuckDB file of the
marts (a role's published ``marts.duckdb``, or the warehouse opened read-only) and the policy
seeds from ``seeds/``, and returns one ``Page`` per segment: the segments the policy seeds
name and every official segment of the latest period. A page is plain text in sections
(paragraphs, bullet items, tables); ``playbooks.render`` writes it as Markdown and HTML.
Owners come only from the ownership registry (``seeds/data_ownership.csv``).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb

from settings.paths import SEEDS_DIR

SEGMENT_TYPES = ("product", "supplier", "customer")

#: per segment type, each policy the page states and the dataset it comes from: the page
#: names that dataset's owning team and steward from the registry
POLICY_SOURCES: dict[str, tuple[tuple[str, str], ...]] = {
    "product": (
        ("segment assignment (ABC-XYZ)", "mart_product_segments"),
        ("official segment and overrides", "segment_overrides"),
        ("inventory policy, safety stock, cycle counts", "inventory_policy_parameters"),
        ("purchase approval levels", "po_approval_levels"),
        ("contract length by volatility", "contract_length_policy"),
    ),
    "supplier": (
        ("segment assignment (Kraljic)", "mart_supplier_segments"),
        ("official segment and overrides", "segment_overrides"),
        ("purchase approval levels", "po_approval_levels"),
        ("sourcing risk actions", "sourcing_action_policies"),
        ("supplier scorecard and changeover benchmark", "mart_supplier_scorecard_month"),
    ),
    "customer": (
        ("segment assignment (profitability)", "mart_customer_segments"),
        ("official segment and overrides", "segment_overrides"),
        ("contracted service levels", "customer_contract_terms"),
        ("service-level feasibility", "mart_sla_feasibility"),
    ),
}

NAME_LABEL = {"product": "description", "supplier": "name", "customer": "channel"}
VALUE_LABEL = {"product": "sales value 12m", "supplier": "spend 12m", "customer": "revenue 12m"}
KIND = {
    "product": "ABC-XYZ cell",
    "supplier": "Kraljic quadrant",
    "customer": "Customer segment",
}


class PlaybookError(RuntimeError):
    """The marts cannot be read into playbooks (no official segments); the message is one line."""


class Code(str):
    """A table cell the page writes as code (a seed or mart name); every other cell is text."""


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Section:
    title: str
    paragraphs: tuple[str, ...] = ()
    items: tuple[str, ...] = ()
    table: Table | None = None


@dataclass(frozen=True)
class Page:
    segment_type: str
    segment: str
    title: str
    summary: str
    sections: tuple[Section, ...]
    member_count: int = 0
    basis: str = ""  # what the page is as of: ``official segments of <period> (as of <date>)``

    @property
    def slug(self) -> str:
        """File name stem: ``product-AX``; characters other than letters, digits, ``_`` become
        ``-``."""
        text = f"{self.segment_type}-{self.segment}"
        return "".join(c if c.isascii() and (c.isalnum() or c in "_-") else "-" for c in text)


@dataclass(frozen=True)
class Member:
    entity_id: str
    name: str
    value: float | None
    computed_segment: str
    periods_held: int | None
    difference_reason: str


@dataclass
class Marts:
    """What the pages need from the marts, read once."""

    period_end: date
    as_of_date: date | None
    previous_review: date | None
    members: dict[tuple[str, str], list[Member]] = field(default_factory=dict)
    entries: dict[tuple[str, str], list[tuple[Member, str]]] = field(default_factory=dict)
    exits: dict[tuple[str, str], list[tuple[Member, str]]] = field(default_factory=dict)
    review: dict[tuple[str, str], dict[str, object]] = field(default_factory=dict)
    actions: dict[str, list[tuple[str, int]]] = field(default_factory=dict)


# --- reading -----------------------------------------------------------------------------


def read_seed(name: str, folder: Path = SEEDS_DIR) -> list[dict[str, str]]:
    """The rows of the seed ``name`` (searched under ``seeds/``), values as text."""
    found = sorted(folder.rglob(f"{name}.csv"))
    if not found:
        raise PlaybookError(f"no seed {name}.csv under {folder}")
    with found[0].open(newline="", encoding="utf-8") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


_NAMES = """
    select 'product' as entity_type, cast(product_id as varchar) as entity_id,
        description as name from marts.mart_product_segments
    union all
    select 'supplier', cast(supplier_id as varchar), supplier_name from marts.mart_supplier_segments
    union all
    select 'customer', cast(customer_id as varchar), channel from marts.mart_customer_segments
"""

_PERIOD = """
    select
        cast(entity_type as varchar) as entity_type,
        cast(entity_id as varchar) as entity_id,
        official_segment, computed_segment, segment_value, periods_held, difference_reason
    from marts.mart_official_segments
    where period_end = ?
"""


def _member(row: tuple, names: dict[tuple[str, str], str]) -> Member:
    entity_type, entity_id, _, computed, value, held, reason = row
    return Member(
        entity_id=entity_id,
        name=names.get((entity_type, entity_id)) or "",
        value=None if value is None else float(value),
        computed_segment=computed or "",
        periods_held=None if held is None else int(held),
        difference_reason=reason or "",
    )


def _by_value(member: Member) -> tuple[bool, float, str]:
    return (member.value is None, -(member.value or 0.0), member.entity_id)


def read_marts(database: Path) -> Marts:
    """The latest period's official segments, the previous review's, the review measures and
    the open sourcing actions, from a DuckDB file of the marts opened read-only."""
    try:
        conn = duckdb.connect(str(database), read_only=True)
    except duckdb.Error as error:
        raise PlaybookError(f"cannot open {database}: {str(error).splitlines()[0]}") from None
    try:
        return _read(conn)
    except duckdb.CatalogException as error:
        raise PlaybookError(
            f"{database} lacks a mart the playbooks read: {str(error).splitlines()[0]}"
        ) from None
    finally:
        conn.close()


def _read(conn: duckdb.DuckDBPyConnection) -> Marts:
    latest = conn.execute(
        "select max(period_end), max(as_of_date) filter (where period_end = "
        "(select max(period_end) from marts.mart_official_segments)) "
        "from marts.mart_official_segments"
    ).fetchone()
    if latest is None or latest[0] is None:
        raise PlaybookError("mart_official_segments is empty: run `chainseg run` first")
    period_end, as_of = latest
    previous = conn.execute(
        "select max(previous_review_end) from marts.mart_segment_review where period_end = ?",
        [period_end],
    ).fetchone()
    previous_review = previous[0] if previous else None
    names = {(t, i): n for t, i, n in conn.execute(_NAMES).fetchall()}
    marts = Marts(period_end=period_end, as_of_date=as_of, previous_review=previous_review)

    now = {(r[0], r[1]): r for r in conn.execute(_PERIOD, [period_end]).fetchall()}
    for row in now.values():
        key = (row[0], row[2] or "")
        marts.members.setdefault(key, []).append(_member(row, names))
    for members in marts.members.values():
        members.sort(key=_by_value)

    if previous_review is not None:
        before = {(r[0], r[1]): r for r in conn.execute(_PERIOD, [previous_review]).fetchall()}
        for key in sorted(set(now) | set(before)):
            new, old = now.get(key), before.get(key)
            new_segment = (new[2] or "") if new else ""
            old_segment = (old[2] or "") if old else ""
            if new_segment == old_segment:
                continue
            if new is not None:  # entered its current segment, from old_segment
                marts.entries.setdefault((key[0], new_segment), []).append(
                    (_member(new, names), old_segment or "(not in the history)")
                )
            if old is not None:  # left old_segment, for new_segment
                gone = _member(new or old, names)
                marts.exits.setdefault((key[0], old_segment), []).append(
                    (gone, new_segment or "(not in the history)")
                )
        for moves in (*marts.entries.values(), *marts.exits.values()):
            moves.sort(key=lambda move: _by_value(move[0]))

    review = conn.execute(
        "select entity_type, segment, member_count, value_share, otif_rate_quarter, "
        "otif_target, official_members_in, official_members_out, recommendation, "
        "recommendation_reason from marts.mart_segment_review where period_end = ?",
        [period_end],
    )
    columns = [d[0] for d in review.description]
    for row in review.fetchall():
        marts.review[(row[0], row[1])] = dict(zip(columns, row, strict=True))

    for segment, action_type, count in conn.execute(
        "select supplier_segment, action_type, count(*) from marts.mart_sourcing_actions "
        "group by all order by all"
    ).fetchall():
        marts.actions.setdefault(segment or "", []).append((action_type, int(count)))
    return marts


# --- formatting --------------------------------------------------------------------------


def money(value: object) -> str:
    return "" if value is None else f"{float(value):,.0f}"  # type: ignore[arg-type]


def share(value: object, digits: int = 1) -> str:
    return "" if value is None else f"{float(value) * 100:.{digits}f} %"  # type: ignore[arg-type]


def number(text: str) -> str:
    """A seed number as written, thousands separated (``10000`` → ``10,000``)."""
    try:
        value = float(text)
    except ValueError:
        return text
    return f"{value:,.0f}" if value.is_integer() and abs(value) >= 1000 else text


# --- the pages ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Seeds:
    """Every seed a page states, read once."""

    rows: dict[str, list[dict[str, str]]]

    @classmethod
    def read(cls, folder: Path = SEEDS_DIR) -> Seeds:
        names = (
            "product_segment_policies",
            "supplier_segment_policies",
            "customer_segment_policies",
            "product_segmentation_thresholds",
            "supplier_kraljic_parameters",
            "po_approval_levels",
            "inventory_policy_parameters",
            "contract_length_policy",
            "sourcing_action_parameters",
            "sourcing_action_policies",
            "segment_hysteresis",
            "segment_review_rules",
            "segment_policy_conflicts",
            "playbook_escalation_steps",
            "data_ownership",
            "reporting_currency",
        )
        return cls({name: read_seed(name, folder) for name in names})

    def __getitem__(self, name: str) -> list[dict[str, str]]:
        return self.rows[name]

    def one(self, name: str, **match: str) -> dict[str, str]:
        for row in self.rows[name]:
            if all(row.get(k) == v for k, v in match.items()):
                return row
        return {}

    @property
    def currency(self) -> str:
        return self.rows["reporting_currency"][0]["currency_code"]


def policy_segments(seeds: Seeds) -> dict[str, list[str]]:
    """Segment type → the segments its policy seed names, in the seed's order."""
    return {
        "product": [r["product_segment"] for r in seeds["product_segment_policies"]],
        "supplier": [r["kraljic_segment"] for r in seeds["supplier_segment_policies"]],
        "customer": [r["customer_segment"] for r in seeds["customer_segment_policies"]],
    }


def _approval_section(seeds: Seeds, segment_type: str, segment: str) -> Section:
    rows = [r for r in seeds["po_approval_levels"] if r["segment_type"] == segment_type]
    own = [r for r in rows if r["segment"] == segment]
    basis = "ABC class" if segment_type == "product" else "Kraljic quadrant"
    if not own:
        own = [r for r in rows if r["segment"] == "unassigned"]
        note = f"no rule for {segment}: the `unassigned` rules apply"
    else:
        note = f"rules of {basis} {segment}"
    table = Table(
        ("PO value from", "approval level", "released by"),
        tuple(
            (number(r["min_po_value"]), r["approval_level"], r["approver_role"].replace("_", " "))
            for r in sorted(own, key=lambda r: float(r["min_po_value"]))
        ),
    )
    return Section(
        "Purchase approval levels",
        (
            f"Seed `po_approval_levels`, {note} ({seeds.currency}, PO value inclusive: a PO "
            "worth exactly a threshold needs the higher level; a PO needs the highest level "
            "of its supplier's rule and its materials' rules).",
        ),
        table=table,
    )


def _product_sections(seeds: Seeds, segment: str) -> list[Section]:
    abc, xyz = segment[:1], segment[1:]
    policy = seeds.one("product_segment_policies", product_segment=segment)
    t = seeds["product_segmentation_thresholds"][0]
    xyz_rule = {
        "X": f"weekly-demand CoV (52 weeks) at most {t['xyz_x_max_cov']}",
        "Y": f"CoV above {t['xyz_x_max_cov']}, at most {t['xyz_y_max_cov']}",
        "Z": f"CoV above {t['xyz_y_max_cov']} or not measurable",
        "new": "new product: no 52-week demand history, no XYZ class yet",
    }.get(xyz, "")
    abc_rule = {
        "A": f"sales share before the product below {t['abc_a_max_share_before']}",
        "B": (
            f"share before at least {t['abc_a_max_share_before']}, "
            f"below {t['abc_b_max_share_before']}"
        ),
        "C": f"share before at least {t['abc_b_max_share_before']}",
    }.get(abc, "")
    items = []
    if policy:
        items += [
            f"cycle counts: {policy['cycle_count_frequency'].replace('_', '-')} "
            f"({policy['cycle_counts_per_year']} a year)",
            f"inventory policy: {policy['inventory_policy'].replace('_', ' ')}",
            f"slotting zone: {policy['slotting_zone'].replace('_', ' ')}; cross-dock "
            f"{'eligible' if policy['is_cross_dock_eligible'] == 'true' else 'not eligible'}",
        ]
    inventory = [r for r in seeds["inventory_policy_parameters"] if r["abc_class"] == abc]
    if inventory:
        first = inventory[0]
        counts = ", ".join(
            f"{r['cycle_counts_per_year']} a year from lead-time CoV {r['min_lead_time_cov']}"
            for r in inventory
        )
        items += [
            f"service level {share(first['service_level'], 0)} (z = {first['service_z']}): "
            "safety stock = z × sqrt(LT × σ_d² + d² × σ_LT²), reorder point = d × LT + "
            "safety stock (`mart_inventory_policies`)",
            f"cycle counts per product-plant by lead-time variability: {counts}",
        ]
    contract = seeds.one("contract_length_policy", xyz_class=xyz)
    if contract:
        bounds = [
            f"at least {contract['min_contract_months']} months"
            if contract["min_contract_months"]
            else "",
            f"at most {contract['max_contract_months']} months"
            if contract["max_contract_months"]
            else "",
        ]
        items.append(
            f"contract length ({contract['volatility']} demand): "
            + ", ".join(b for b in bounds if b)
        )
    elif xyz == "new":
        items.append("contract length: not judged for a new material (no XYZ class)")
    thresholds = [f"ABC class {abc}: {abc_rule}", f"XYZ class {xyz}: {xyz_rule}"]
    return [
        Section(
            "Policies",
            (
                "Seeds `product_segment_policies`, `inventory_policy_parameters`, "
                "`contract_length_policy`.",
            ),
            tuple(items),
        ),
        Section("Thresholds", ("Seed `product_segmentation_thresholds`.",), tuple(thresholds)),
        _approval_section(seeds, "product", abc),
    ]


def _supplier_sections(seeds: Seeds, segment: str, marts: Marts) -> list[Section]:
    policy = seeds.one("supplier_segment_policies", kraljic_segment=segment)
    k = seeds["supplier_kraljic_parameters"][0]
    parameters = seeds["sourcing_action_parameters"][0]
    items = []
    if policy:
        weights = ", ".join(
            f"{label} {policy['weight_' + name]}"
            for name, label in (
                ("otd", "OTD"),
                ("in_full", "in full"),
                ("quality", "quality"),
                ("price_compliance", "price compliance"),
            )
        )
        items += [
            f"relationship model: {policy['relationship_model'].replace('_', ' ')}",
            f"contract term: {policy['contract_term_months']} months",
            f"spend approval threshold: {number(policy['approval_threshold'])} {seeds.currency}",
            f"scorecard weights: {weights}",
        ]
        if policy["dual_source_review_if_single_sourced"] == "true":
            items.append(
                "single-source contingency: a single-sourced material needs cover of mean lead "
                f"time + {parameters['cover_service_z']} × its standard deviation; short of "
                "it, activate a qualified alternate or qualify a second source (dual sourcing "
                f"moves {share(parameters['dual_source_volume_share'], 0)} of the material's "
                f"spend, default premium {share(parameters['default_dual_source_premium_pct'], 0)})"
            )
        else:
            items.append("single-source contingency: not required in this quadrant")
        items.append(
            f"changeover review after {parameters['changeover_consecutive_months']} "
            f"consecutive months with OTD below {share(policy['otd_governance_threshold'], 0)}"
        )
    quadrant = {
        "strategic": "high impact, high supply risk",
        "leverage": "high impact, low supply risk",
        "bottleneck": "low impact, high supply risk",
        "routine": "low impact, low supply risk",
    }.get(segment, "")
    thresholds = [
        f"quadrant: {quadrant}" if quadrant else f"quadrant {segment}",
        f"high impact: spend share before the supplier below {k['impact_a_max_share_before']} "
        "(spend class A)",
        f"high supply risk: risk score at least {k['high_risk_min_score']} (weights: "
        f"assessment {k['weight_supply_risk']}, single source {k['weight_single_source']}, "
        f"country {k['weight_country_risk']})",
    ]
    if policy:
        thresholds.append(f"OTD benchmark: {share(policy['otd_governance_threshold'], 0)}")
    actions = marts.actions.get(segment, [])
    sections = [
        Section(
            "Policies",
            ("Seeds `supplier_segment_policies`, `sourcing_action_parameters`.",),
            tuple(items),
        ),
        Section("Thresholds", ("Seed `supplier_kraljic_parameters`.",), tuple(thresholds)),
        _approval_section(seeds, "supplier", segment),
    ]
    if actions:
        due = {r["action_type"]: r for r in seeds["sourcing_action_policies"]}
        sections.append(
            Section(
                "Open sourcing actions",
                ("`mart_sourcing_actions` of the segment's suppliers.",),
                table=Table(
                    ("action", "open", "due within (days)"),
                    tuple(
                        (a.replace("_", " "), str(n), due.get(a, {}).get("due_in_days", ""))
                        for a, n in actions
                    ),
                ),
            )
        )
    return sections


def _customer_sections(seeds: Seeds, segment: str) -> list[Section]:
    policy = seeds.one("customer_segment_policies", customer_segment=segment)
    items = []
    if policy:
        items = [
            f"promised lead time: {policy['promised_lead_days']} "
            + ("day" if policy["promised_lead_days"] == "1" else "days"),
            f"OTIF target: {share(policy['otif_target'], 0)}",
            f"transport mode: {policy['transport_mode']}; last mile: "
            f"{policy['last_mile_option'].replace('_', ' ')}",
            f"service priority: {policy['service_priority']} (1 highest)",
        ]
    rule = {
        "carriage_trade": "gross margin % above the median, cost to serve % above the median",
        "passive": "gross margin % above the median, cost to serve % at or below the median",
        "aggressive": "gross margin % at or below the median, cost to serve % above the median",
        "bargain_basement": "gross margin % and cost to serve % at or below the medians",
        "unsegmented": "no revenue in the 12-month window",
    }.get(segment, "")
    sections = [Section("Policies", ("Seed `customer_segment_policies`.",), tuple(items))]
    if rule:
        sections.append(
            Section(
                "Thresholds",
                ("Medians over the segmented customers, 12 months (`mart_customer_segments`).",),
                (rule,),
            )
        )
    return sections


def _common_sections(seeds: Seeds, segment_type: str, segment: str) -> list[Section]:
    hysteresis = seeds.one("segment_hysteresis", entity_type=segment_type)
    rules = seeds.one("segment_review_rules", entity_type=segment_type)
    governance = []
    if hysteresis:
        governance.append(
            f"the official segment moves at a quarterly review once the computed one has held "
            f"{hysteresis['min_periods_held']} periods"
            + (
                f" or is clear of the cut-offs (share margin {hysteresis['share_before_margin']}"
                f", CoV margin {hysteresis['cov_margin']})"
                if hysteresis["share_before_margin"]
                else ""
            )
        )
    if rules:
        line = f"review: merge below {rules['min_members']} members"
        if rules["max_cost_to_serve_to_margin"]:
            line += (
                f", retire when cost to serve exceeds {rules['max_cost_to_serve_to_margin']} × "
                "gross margin"
            )
        governance.append(line)
    registry = {r["dataset"]: r for r in seeds["data_ownership"]}
    owners = tuple(
        (
            what,
            Code(dataset),
            registry.get(dataset, {}).get("owning_team", "unregistered"),
            registry.get(dataset, {}).get("steward", ""),
        )
        for what, dataset in POLICY_SOURCES[segment_type]
    )
    steps = sorted(
        (r for r in seeds["playbook_escalation_steps"] if r["segment_type"] == segment_type),
        key=lambda r: int(r["step"]),
    )
    escalation = tuple(
        (
            r["step"],
            r["trigger"],
            r["role"].replace("_", " "),
            registry.get(r["owner_dataset"], {}).get("owning_team", "unregistered"),
            registry.get(r["owner_dataset"], {}).get("steward", ""),
        )
        for r in steps
    )
    conflicts = tuple(
        (r["rule_id"], r["conflict"], r["escalation_path"])
        for r in seeds["segment_policy_conflicts"]
        if _conflict_applies(r, segment_type, segment)
    )
    sections = [
        Section(
            "Governance",
            ("Seeds `segment_hysteresis`, `segment_review_rules`.",),
            tuple(governance),
        ),
        Section(
            "Owners",
            ("From the ownership registry (`seeds/data_ownership.csv`).",),
            table=Table(("policy", "dataset", "owning team", "steward"), owners),
        ),
        Section(
            "Escalation path",
            ("Seed `playbook_escalation_steps`; contacts from the ownership registry.",),
            table=Table(("step", "when", "role", "team", "steward"), escalation),
        ),
    ]
    if conflicts:
        sections.append(
            Section(
                "Policy conflicts on orders",
                ("Seed `segment_policy_conflicts` (orders in `mart_segment_exceptions`).",),
                table=Table(("rule", "conflict", "escalation"), conflicts),
            )
        )
    return sections


def _conflict_applies(rule: dict[str, str], segment_type: str, segment: str) -> bool:
    if segment_type == "product":
        abc, xyz = segment[:1], segment[1:]
        return (rule["abc_class"] == abc) or (rule["xyz_class"] == xyz)
    if segment_type == "customer":
        return rule["customer_segment"] == segment
    return False


def _member_rows(members: Iterable[Member], top: int) -> tuple[tuple[str, ...], ...]:
    return tuple(
        (
            str(rank),
            m.entity_id,
            m.name,
            money(m.value),
            m.computed_segment,
            "" if m.periods_held is None else str(m.periods_held),
        )
        for rank, m in enumerate(list(members)[:top], start=1)
    )


def _members_section(
    marts: Marts, segment_type: str, segment: str, top: int, currency: str
) -> Section:
    members = marts.members.get((segment_type, segment), [])
    label = VALUE_LABEL[segment_type]
    if not members:
        return Section(f"Top members by {label}", ("No member in the latest period.",))
    return Section(
        f"Top {min(top, len(members))} of {len(members)} members by {label}",
        (f"Official segment of {marts.period_end}; {label} in {currency}.",),
        table=Table(
            ("#", "id", NAME_LABEL[segment_type], label, "computed segment", "periods held"),
            _member_rows(members, top),
        ),
    )


def _changes_section(marts: Marts, segment_type: str, segment: str, top: int) -> Section:
    key = (segment_type, segment)
    review = marts.review.get(key, {})
    paragraphs = []
    if review:
        paragraphs.append(
            f"Review of {marts.period_end} (`mart_segment_review`): "
            f"{review['member_count']} members, value share {share(review['value_share'])}, "
            f"OTIF {share(review['otif_rate_quarter'])} against {share(review['otif_target'])}, "
            f"recommendation {review['recommendation']}"
            + (f" ({review['recommendation_reason']})" if review["recommendation_reason"] else "")
            + "."
        )
    if marts.previous_review is None:
        paragraphs.append("No earlier review in the segment history: nothing to compare yet.")
        return Section("Changes since the last review", tuple(paragraphs))
    entries, exits = marts.entries.get(key, []), marts.exits.get(key, [])
    paragraphs.append(
        f"Since the review of {marts.previous_review}: {len(entries)} entered, "
        f"{len(exits)} left (official segment, `mart_official_segments`)"
        + (f"; the {top} largest of each below." if len(entries) > top or len(exits) > top else ".")
    )
    rows = tuple(
        ("entered", m.entity_id, m.name, money(m.value), f"from {other}")
        for m, other in entries[:top]
    ) + tuple(
        ("left", m.entity_id, m.name, money(m.value), f"to {other}") for m, other in exits[:top]
    )
    return Section(
        "Changes since the last review",
        tuple(paragraphs),
        table=Table(
            ("move", "id", NAME_LABEL[segment_type], VALUE_LABEL[segment_type], "segment"), rows
        )
        if rows
        else None,
    )


def build_pages(database: Path, *, top: int = 10, seeds: Seeds | None = None) -> list[Page]:
    """One page per segment: those of the policy seeds, then any other official segment of
    the latest period, by segment type (product, supplier, customer)."""
    seeds = seeds or Seeds.read()
    marts = read_marts(database)
    named = policy_segments(seeds)
    pages = []
    for segment_type in SEGMENT_TYPES:
        found = sorted(s for t, s in marts.members if t == segment_type and s)
        segments = list(dict.fromkeys([*named[segment_type], *found]))
        for segment in segments:
            pages.append(_page(seeds, marts, segment_type, segment, top))
    return pages


def _page(seeds: Seeds, marts: Marts, segment_type: str, segment: str, top: int) -> Page:
    if segment_type == "product":
        specific = _product_sections(seeds, segment)
    elif segment_type == "supplier":
        specific = _supplier_sections(seeds, segment, marts)
    else:
        specific = _customer_sections(seeds, segment)
    members = marts.members.get((segment_type, segment), [])
    basis = f"official segments of {marts.period_end} (as of {marts.as_of_date})"
    summary = f"{KIND[segment_type]} {segment}: {len(members)} members, {basis}."

    return Page(
        segment_type=segment_type,
        segment=segment,
        title=f"Playbook: {segment_type} segment {segment}",
        summary=summary,
        sections=(
            *specific,
            *_common_sections(seeds, segment_type, segment),
            _members_section(marts, segment_type, segment, top, seeds.currency),
            _changes_section(marts, segment_type, segment, top),
        ),
        member_count=len(members),
        basis=basis,
    )
