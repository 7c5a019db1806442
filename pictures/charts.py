"""The segment pictures a data engineer looks at on a mart's materialisation.

- ``mart_product_segments``: the ABC-XYZ matrix, products and share of 12-month sales value
  per cell;
- ``mart_supplier_segments``: the Kraljic matrix, suppliers and 12-month spend per quadrant;
- ``mart_cost_to_serve_customer_month``: the cost-to-serve whale curve, cumulative net margin
  by customer rank (customers from the most to the least profitable);
- ``mart_segment_migration``: the migration matrices of the latest quarter over quarter (the
  latest consecutive periods when no quarter is recorded yet), one per entity type.

Each function reads the mart through a DuckDB connection and returns a PNG (matplotlib's Agg
backend: no display, no window system). matplotlib is imported on first use only.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import TYPE_CHECKING

import duckdb

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: dots per inch of the PNGs (about 640 × 400 pixels: small enough for the event log)
DPI = 80


def _figure(width: float = 8.0, height: float = 5.0) -> Figure:
    # the object-oriented API: no pyplot state, no GUI backend, safe in a worker thread
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=DPI, layout="constrained")


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def _eur(value: float) -> str:
    if abs(value) >= 1e6:
        return f"{value / 1e6:,.1f} M€"
    if abs(value) >= 1e3:
        return f"{value / 1e3:,.0f} k€"
    return f"{value:,.0f} €"


def abc_xyz_matrix(conn: duckdb.DuckDBPyConnection) -> bytes:
    """3 × 3 cells (ABC by sales value down, XYZ by demand variability across, plus a column
    for launch products when there are any): products and share of sales value per cell,
    shaded by the value share."""
    rows = conn.execute(
        "select abc_class, xyz_class, count(*), coalesce(sum(sales_value_12m), 0) "
        "from marts.mart_product_segments where abc_class is not null and xyz_class is not null "
        "group by all"
    ).fetchall()
    cells = {(abc, xyz): (int(n), float(value)) for abc, xyz, n, value in rows}
    total = sum(value for _, value in cells.values()) or 1.0
    # Launch products (XYZ class ``new``, too little history) get a fourth column when present.
    abc, xyz = (
        ["A", "B", "C"],
        ["X", "Y", "Z", *(["new"] if any(x == "new" for _, x in cells) else [])],
    )
    shares = [[cells.get((a, x), (0, 0.0))[1] / total for x in xyz] for a in abc]

    figure = _figure(6.5, 5.0)
    ax = figure.subplots()
    top = max(max(r) for r in shares) or 1.0
    image = ax.imshow(shares, cmap="Blues", vmin=0, vmax=top)
    for i, a in enumerate(abc):
        for j, x in enumerate(xyz):
            n, value = cells.get((a, x), (0, 0.0))
            dark = shares[i][j] > 0.6 * top
            ax.text(
                j,
                i,
                f"{a}{x}\n{n} products\n{value / total:.1%} of value",
                ha="center",
                va="center",
                fontsize=11,
                color="white" if dark else "black",
            )
    labels = {"X": "X  steady", "Y": "Y  variable", "Z": "Z  erratic", "new": "new  launch"}
    ax.set_xticks(range(len(xyz)), [labels[x] for x in xyz])
    ax.set_yticks(range(3), abc)
    ax.set_xlabel("demand variability (XYZ)")
    ax.set_ylabel("sales value (ABC)")
    products = sum(n for n, _ in cells.values())
    ax.set_title(f"ABC-XYZ matrix: {products} products, {_eur(total)} sales value (12 months)")
    figure.colorbar(image, ax=ax, label="share of sales value", format="{x:.0%}")
    return _png(figure)


#: the Kraljic quadrants as (column, row) in a 2 × 2 grid: supply risk across, impact up
KRALJIC = {
    "leverage": (0, 1),
    "strategic": (1, 1),
    "routine": (0, 0),
    "bottleneck": (1, 0),
}
KRALJIC_COLOURS = {
    "leverage": "#9ecae1",
    "strategic": "#3182bd",
    "routine": "#e5f5e0",
    "bottleneck": "#fdae6b",
}


def kraljic_matrix(conn: duckdb.DuckDBPyConnection) -> bytes:
    """The four Kraljic quadrants (supply risk across, profit impact up): suppliers, 12-month
    spend and its share per quadrant."""
    rows = conn.execute(
        "select kraljic_segment, count(*), coalesce(sum(spend_12m), 0) "
        "from marts.mart_supplier_segments group by all"
    ).fetchall()
    quadrants = {segment: (int(n), float(spend)) for segment, n, spend in rows}
    total = sum(spend for _, spend in quadrants.values()) or 1.0

    figure = _figure(7.0, 5.5)
    ax = figure.subplots()
    for segment, (col, row) in KRALJIC.items():
        n, spend = quadrants.get(segment, (0, 0.0))
        ax.add_patch(_rectangle((col, row), KRALJIC_COLOURS[segment]))
        ax.text(
            col + 0.5,
            row + 0.5,
            f"{segment}\n{n} suppliers\n{_eur(spend)} ({spend / total:.0%} of spend)",
            ha="center",
            va="center",
            fontsize=12,
        )
    unassigned = {s: v for s, v in quadrants.items() if s not in KRALJIC}
    if unassigned:
        ax.text(
            1.0,
            -0.12,
            "not in a quadrant: "
            + ", ".join(f"{s or 'none'} {n}" for s, (n, _) in sorted(unassigned.items(), key=str)),
            ha="center",
            fontsize=9,
        )
    ax.set_xlim(0, 2)
    ax.set_ylim(0, 2)
    ax.set_xticks([0.5, 1.5], ["low", "high"])
    ax.set_yticks([0.5, 1.5], ["low", "high"])
    ax.set_xlabel("supply risk")
    ax.set_ylabel("profit impact (spend)")
    suppliers = sum(n for n, _ in quadrants.values())
    ax.set_title(f"Kraljic matrix: {suppliers} suppliers, {_eur(total)} spend (12 months)")
    return _png(figure)


def _rectangle(corner: tuple[int, int], colour: str):
    from matplotlib.patches import Rectangle

    return Rectangle(corner, 1, 1, facecolor=colour, edgecolor="white", linewidth=3)


def whale_curve(conn: duckdb.DuckDBPyConnection) -> bytes:
    """Cumulative net margin after cost to serve, customers ranked from the most to the least
    profitable: the hump is the profit the best customers earn, the fall what the others cost."""
    margins = [
        float(m)
        for (m,) in conn.execute(
            "select sum(net_margin) as net_margin from marts.mart_cost_to_serve_customer_month "
            "group by customer_id order by net_margin desc, customer_id"
        ).fetchall()
        if m is not None
    ]
    cumulative, running = [0.0], 0.0
    for margin in margins:
        running += margin
        cumulative.append(running)
    ranks = list(range(len(cumulative)))
    peak = max(range(len(cumulative)), key=cumulative.__getitem__)

    figure = _figure(8.0, 4.8)
    ax = figure.subplots()
    ax.plot(ranks, cumulative, color="#3182bd", linewidth=2)
    ax.fill_between(ranks, cumulative, 0, color="#3182bd", alpha=0.12)
    ax.axhline(0, color="grey", linewidth=0.8)
    ax.annotate(
        f"peak {_eur(cumulative[peak])}\nafter {peak} of {len(margins)} customers",
        (peak, cumulative[peak]),
        xytext=(12, -4),
        textcoords="offset points",
        va="top",
    )
    ax.annotate(
        f"total {_eur(running)}",
        (ranks[-1], running),
        xytext=(-8, 10),
        textcoords="offset points",
        ha="right",
    )
    ax.set_xlabel("customers ranked by net margin (most profitable first)")
    ax.set_ylabel("cumulative net margin (EUR)")
    ax.yaxis.set_major_formatter(lambda value, _: _eur(value))
    ax.set_xlim(0, max(len(margins), 1))
    ax.set_title("Cost-to-serve whale curve: cumulative net margin by customer rank")
    return _png(figure)


def segment_migration(conn: duckdb.DuckDBPyConnection) -> bytes:
    """From-segment (rows) × to-segment (columns) member counts of the latest quarter over
    quarter (else the latest consecutive periods), one matrix per entity type, shaded by the
    share of the row; each row labelled with its stability rate."""
    latest = conn.execute(
        "select comparison, from_period_end, to_period_end from marts.mart_segment_migration "
        "order by comparison = 'quarter' desc, to_period_end desc limit 1"
    ).fetchall()
    figure = _figure(15.0, 5.6)
    if not latest:
        ax = figure.subplots()
        ax.axis("off")
        ax.text(0.5, 0.5, "no two periods recorded yet", ha="center", va="center", fontsize=14)
        return _png(figure)
    [(comparison, first, last)] = latest
    rows = conn.execute(
        "select entity_type, from_segment, to_segment, members, stability_rate "
        "from marts.mart_segment_migration where comparison = ? and to_period_end = ?",
        [comparison, last],
    ).fetchall()
    kinds = ["product", "supplier", "customer"]
    axes = figure.subplots(1, 3, width_ratios=[2.2, 1.2, 1.4])
    for ax, kind in zip(axes, kinds, strict=True):
        moves = {(f, t): int(n) for k, f, t, n, _ in rows if k == kind}
        stability = {f: s for k, f, _, _, s in rows if k == kind}
        segments = sorted({f for f, _ in moves} | {t for _, t in moves}, key=_none_last)
        if not segments:
            ax.axis("off")
            ax.set_title(f"{kind}s: none recorded", fontsize=11)
            continue
        counts = [[moves.get((f, t), 0) for t in segments] for f in segments]
        shares = [[n / (sum(row) or 1) for n in row] for row in counts]
        ax.imshow(shares, cmap="Blues", vmin=0, vmax=1)
        small = 7 if len(segments) > 6 else 9
        for i, row in enumerate(counts):
            for j, n in enumerate(row):
                if n:
                    colour = "white" if shares[i][j] > 0.6 else "black"
                    ax.text(j, i, str(n), ha="center", va="center", fontsize=small, color=colour)
        ax.set_xticks(range(len(segments)), segments, rotation=45, ha="right", fontsize=small)
        ax.set_yticks(
            range(len(segments)),
            [f"{s}  {stability[s]:.0%}" if stability.get(s) is not None else s for s in segments],
            fontsize=small,
        )
        ax.set_xlabel(f"segment {last}")
        ax.set_ylabel(f"segment {first}  (stability)")
        total = sum(sum(row) for row in counts)
        stayed = sum(counts[i][i] for i in range(len(segments)) if segments[i] != "(none)")
        ax.set_title(f"{kind}s: {stayed} of {total} stayed", fontsize=11)
    label = "quarter over quarter" if comparison == "quarter" else f"{comparison} over {comparison}"
    figure.suptitle(f"Segment migration {first} → {last} ({label})")
    return _png(figure)


def _none_last(segment: str) -> tuple[bool, str]:
    return (segment == "(none)", segment)


Chart = Callable[[duckdb.DuckDBPyConnection], bytes]

#: mart → the pictures drawn on its materialisation (metadata key, title, function)
CHARTS: dict[str, tuple[tuple[str, str, Chart], ...]] = {
    "mart_product_segments": (("abc_xyz_matrix", "ABC-XYZ matrix", abc_xyz_matrix),),
    "mart_supplier_segments": (("kraljic_matrix", "Kraljic matrix", kraljic_matrix),),
    "mart_cost_to_serve_customer_month": (("whale_curve", "Whale curve", whale_curve),),
    "mart_segment_migration": (
        ("migration_matrix", "Segment migration matrix", segment_migration),
    ),
}


def render_charts(conn: duckdb.DuckDBPyConnection, mart: str) -> dict[str, tuple[str, bytes]]:
    """The pictures of ``mart``: metadata key → (title, PNG bytes); none for other marts."""
    return {key: (title, draw(conn)) for key, title, draw in CHARTS.get(mart, ())}
