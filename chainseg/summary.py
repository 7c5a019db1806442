"""What `chainseg run` prints at the end: per-entity landing figures, the warehouse's state,
for a failed check what failed, and which BI release was published (or kept).

Read-only: it opens the warehouse after the writer has finished and only counts.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import duckdb

from settings.paths import Paths

INGEST_COLUMNS = (
    "files_loaded",
    "files_skipped",
    "files_rejected",
    "rows_loaded",
    "rows_quarantined",
)


def print_ingest_summary(results, asset_keys) -> None:
    """One line per entity: files, rows loaded, rows quarantined, files rejected."""
    totals: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(INGEST_COLUMNS, 0))
    for result in results:
        for event in result.get_asset_materialization_events():
            materialization = event.event_specific_data.materialization
            key = materialization.asset_key
            # a range run records one materialisation per date, each with its date's figures
            for column in INGEST_COLUMNS:
                value = materialization.metadata.get(column)
                totals[key.path[-1]][column] += int(value.value) if value is not None else 0
    if not totals:
        return
    print(
        f"\n{'entity':<36}{'files':>7}{'skipped':>9}{'rejected':>10}{'rows loaded':>13}"
        f"{'quarantined':>13}"
    )
    for key in asset_keys:
        row = totals.get(key.path[-1])
        if row is None:
            continue
        print(
            f"{key.path[-1]:<36}{row['files_loaded']:>7}{row['files_skipped']:>9}"
            f"{row['files_rejected']:>10}{row['rows_loaded']:>13,}{row['rows_quarantined']:>13,}"
        )


def _tables(conn: duckdb.DuckDBPyConnection) -> set[str]:
    rows = conn.execute(
        "select table_schema || '.' || table_name from information_schema.tables"
    ).fetchall()
    return {r[0] for r in rows}


def rows_per_layer_line(conn: duckdb.DuckDBPyConnection) -> str:
    """``rows per layer: raw 719,092, staging 72,115 (64 views not counted), …``: the rows of
    each schema's tables. Views are named, not counted: counting one runs its query (a
    staging view's over the whole raw history). The platform's own bookkeeping (schemas
    starting with ``_``) is no layer."""
    kinds = conn.execute(
        "select table_schema, table_name, table_type = 'VIEW' from information_schema.tables "
        "where not starts_with(table_schema, '_') order by 1, 2"
    ).fetchall()
    rows: dict[str, int] = defaultdict(int)
    views: dict[str, int] = defaultdict(int)
    for schema, name, is_view in kinds:
        if is_view:
            views[schema] += 1
            continue
        [(count,)] = conn.execute(f'select count(*) from "{schema}"."{name}"').fetchall()
        rows[schema] += count
    parts = []
    for schema in dict.fromkeys(schema for schema, _, _ in kinds):
        part = f"{schema} {rows[schema]:,}" if schema in rows else schema
        if views[schema]:
            noun = "view" if views[schema] == 1 else "views"
            part += f" ({views[schema]:,} {noun} not counted)"
        parts.append(part)
    return "rows per layer: " + ", ".join(parts)


def _print_counts(conn, title: str, sql: str) -> None:
    rows = conn.execute(sql).fetchall()
    print(f"{title}: " + (", ".join(f"{k} {v:,}" for k, v in rows) or "none"))


#: (mart, summary title, segment column) of the three segmentations.
SEGMENT_REPORTS = (
    ("marts.mart_product_segments", "products per ABC-XYZ cell", "product_segment"),
    ("marts.mart_product_segments", "products per lifecycle stage", "lifecycle_stage"),
    ("marts.mart_supplier_segments", "suppliers per Kraljic quadrant", "kraljic_segment"),
    ("marts.mart_customer_segments", "customers per segment", "customer_segment"),
)


def segment_lines(
    conn: duckdb.DuckDBPyConnection, table: str, title: str, column: str
) -> list[str]:
    """``products per ABC-XYZ cell: AX 12, AY 21, …`` and, when the mart has a
    ``business_units`` column, one indented line per business unit with its members per
    segment (0 shown: an empty cell is what a reader looks for); a member of both units
    (``BU-CORE,BU-ORA``) counts in each, members of none (e.g. ``unsegmented``) in neither."""
    rows = conn.execute(f"select {column}, count(*) from {table} group by 1 order by 1").fetchall()
    lines = [f"{title}: " + (", ".join(f"{k} {v:,}" for k, v in rows) or "none")]
    schema, name = table.split(".")
    [(has_units,)] = conn.execute(
        "select count(*) from information_schema.columns where table_schema = ? "
        "and table_name = ? and column_name = 'business_units'",
        [schema, name],
    ).fetchall()
    if not has_units:
        return lines
    counts = conn.execute(
        f"select trim(unit), {column}, count(*) from ("
        f"select unnest(string_split(business_units, ',')) as unit, {column} from {table} "
        "where business_units is not null) group by 1, 2"
    ).fetchall()
    per_unit: dict[str, dict[str, int]] = defaultdict(dict)
    for unit, segment, count in counts:
        per_unit[unit][segment] = count
    segments = [k for k, _ in rows if any(k in members for members in per_unit.values())]
    for unit in sorted(per_unit):
        members = per_unit[unit]
        lines.append(f"  {unit}: " + ", ".join(f"{k} {members.get(k, 0):,}" for k in segments))
    return lines


def print_warehouse_summary(paths: Paths) -> None:
    if not paths.warehouse.exists():
        return
    conn = duckdb.connect(str(paths.warehouse), read_only=True)
    try:
        tables = _tables(conn)
        print("\n" + rows_per_layer_line(conn))
        if "core.fct_quarantine" in tables:
            _print_counts(
                conn,
                "quarantined rows by rule",
                "select rule_id, count(*) from core.fct_quarantine group by 1 order by 1",
            )
        elif "raw._quarantine" in tables:
            _print_counts(
                conn,
                "quarantined rows by rule",
                "select rule_id, count(*) from raw._quarantine group by 1 order by 1",
            )
        for table, title, column in SEGMENT_REPORTS:
            if table in tables:
                print("\n".join(segment_lines(conn, table, title, column)))
        currency = _reporting_currency(conn, tables)
        if "marts.mart_cost_to_serve_line" in tables:
            [(total,)] = conn.execute(
                "select sum(cost_to_serve) from marts.mart_cost_to_serve_line"
            ).fetchall()
            print(f"total cost to serve: {total or 0:,.2f} {currency}")
            print(cost_to_serve_share_line(conn, tables, currency))
            by_unit = cost_to_serve_by_business_unit_line(conn, currency)
            if by_unit:
                print(by_unit)
        if "marts.mart_official_segments" in tables:
            print(official_segment_changes_line(conn))
        if "intermediate.int_cost_allocation_ledger" in tables:
            [(unallocated,)] = conn.execute(
                "select sum(unallocated) from intermediate.int_cost_allocation_ledger"
            ).fetchall()
            print(f"unallocated charges: {unallocated or 0:,.2f} {currency}")
        if "history.segment_history" in tables:
            print(segment_history_line(conn))
        print(f"warehouse: {paths.warehouse}")
    finally:
        conn.close()


def segment_history_line(conn: duckdb.DuckDBPyConnection) -> str:
    """``segment history: 12 periods recorded (2025-01-31 … 2025-12-31), 11 closed, the
    last provisional as of 2025-12-14`` (docs/segment-history.md)."""
    [(periods, first, last, closed)] = conn.execute(
        "select count(distinct period_end), min(period_end), max(period_end), "
        "count(distinct period_end) filter (where is_period_closed) "
        "from history.segment_history"
    ).fetchall()
    if not periods:
        return "segment history: no period recorded"
    noun = "period" if periods == 1 else "periods"
    line = f"segment history: {periods} {noun} recorded ({first} … {last}), {closed} closed"
    [(as_of, is_closed)] = conn.execute(
        "select max(as_of_date), bool_and(is_period_closed) from history.segment_history "
        "where period_end = ?",
        [last],
    ).fetchall()
    if not is_closed:
        line += f", the last provisional as of {as_of}"
    if periods - closed > (0 if is_closed else 1):
        line += "; `chainseg history backfill` closes the earlier ones"
    return line


def history_line(warehouse: Path) -> str:
    """The segment history line, read from the warehouse once the writer has finished."""
    conn = duckdb.connect(str(warehouse), read_only=True)
    try:
        return segment_history_line(conn)
    finally:
        conn.close()


def cost_to_serve_share_line(
    conn: duckdb.DuckDBPyConnection, tables: set[str], currency: str
) -> str:
    """``cost to serve: 13.3 % of revenue (254,631 of 1,921,014 EUR; 18 of 96 customers
    unprofitable)`` - the demo's business sanity in one line (cost-to-serve lines; customers
    whose trailing-12-month net margin is below 0)."""
    [(cts, revenue)] = conn.execute(
        "select sum(cost_to_serve), sum(revenue) from marts.mart_cost_to_serve_line"
    ).fetchall()
    cts, revenue = cts or 0.0, revenue or 0.0
    share = f"{cts / revenue:.1%}".replace("%", " %") if revenue else "n/a"
    unit = f" {currency}" if currency else ""
    line = f"cost to serve: {share} of revenue ({cts:,.0f} of {revenue:,.0f}{unit}"
    if "marts.mart_customer_segments" in tables:
        [(losing, customers)] = conn.execute(
            "select count(*) filter (where net_margin_12m < 0), count(*) "
            "from marts.mart_customer_segments"
        ).fetchall()
        line += f"; {losing:,} of {customers:,} customers unprofitable"
    return line + ")"


#: Per quarter of the history: products in it, those whose official segment changed in one of
#: its periods, and those whose computed segment changed from the period before.
SEGMENT_CHANGES_SQL = """
with products as (
    select
        entity_id,
        period_end,
        is_official_change,
        computed_segment is distinct from lag(computed_segment) over (
            partition by entity_id order by period_end
        ) and lag(period_end) over (partition by entity_id order by period_end) is not null
            as is_computed_change
    from marts.mart_official_segments
    where entity_type = 'product'
)
select
    strftime(period_end, '%Y') || '-Q' || cast(quarter(period_end) as varchar) as quarter,
    count(distinct entity_id) as products,
    count(distinct entity_id) filter (where is_official_change) as official_changes,
    count(distinct entity_id) filter (where is_computed_change) as computed_changes
from products
group by 1
order by 1
"""


def official_segment_changes_line(conn: duckdb.DuckDBPyConnection) -> str:
    """``products whose official segment changed: 2025-Q2 1.8 % (5 of 283; computed 14.1 %),
    …`` - per quarter of the segment history, the share of products whose official segment
    changed, next to the share whose computed segment did (what hysteresis holds back)."""
    parts = []
    for quarter, products, official, computed in conn.execute(SEGMENT_CHANGES_SQL).fetchall():
        share = f"{official / products:.1%}".replace("%", " %")
        computed_share = f"{computed / products:.1%}".replace("%", " %")
        parts.append(f"{quarter} {share} ({official:,} of {products:,}; computed {computed_share})")
    return "products whose official segment changed: " + (", ".join(parts) or "no history")


def cost_to_serve_by_business_unit_line(conn: duckdb.DuckDBPyConnection, currency: str) -> str:
    """``cost to serve by business unit: BU-CORE 12.9 % (…), BU-ORA 14.1 % (…)`` - the
    same share per business unit (SAP = BU-CORE, Oracle = BU-ORA); empty when the mart has
    no ``business_unit`` column."""
    [(has_column,)] = conn.execute(
        "select count(*) from information_schema.columns where table_schema = 'marts' "
        "and table_name = 'mart_cost_to_serve_line' and column_name = 'business_unit'"
    ).fetchall()
    if not has_column:
        return ""
    units = conn.execute(
        "select coalesce(business_unit, 'unknown'), sum(cost_to_serve), sum(revenue) "
        "from marts.mart_cost_to_serve_line group by 1 order by 1"
    ).fetchall()
    unit = f" {currency}" if currency else ""
    parts = []
    for name, cts, revenue in units:
        cts, revenue = cts or 0.0, revenue or 0.0
        share = f"{cts / revenue:.1%}".replace("%", " %") if revenue else "n/a"
        parts.append(f"{name} {share} ({cts:,.0f} of {revenue:,.0f}{unit})")
    return "cost to serve by business unit: " + ", ".join(parts) if parts else ""


def _reporting_currency(conn: duckdb.DuckDBPyConnection, tables: set[str]) -> str:
    """The currency of every ``_rc`` amount, as the ``reporting_currency`` seed sets it."""
    if "seeds.reporting_currency" not in tables:
        return ""
    row = conn.execute("select currency_code from seeds.reporting_currency").fetchone()
    return row[0] if row else ""


#: Sample rows printed per failed expectation, and the width of one printed row.
SAMPLE_ROWS = 5
ROW_WIDTH = 300


def failed_check_lines(check_name: str, metadata: Mapping[str, Any]) -> list[str]:
    """What a failed asset check's metadata says failed, one line each.

    A quality suite (orchestration/defs/quality.py, ``failed_detail``) gives per failed
    error-severity expectation the suite, the expectation and its failing-row count, then up
    to five failing rows (warning failures are only counted); a dbt test (dagster-dbt's
    metadata) its name and failing-row count.
    """
    values = {key: getattr(value, "value", value) for key, value in metadata.items()}
    if "failed_detail" in values:
        failures = values["failed_detail"] or []
        lines = _expectation_lines([f for f in failures if f["severity"] == "error"])
        warnings = sum(1 for f in failures if f["severity"] != "error")
        if warnings:
            lines.append(f"(and {warnings} failed warning expectation(s) in the check's metadata)")
        return lines
    if "dagster_dbt/failed_row_count" in values or "unique_id" in values:
        count = values.get("dagster_dbt/failed_row_count")
        status = values.get("status")
        detail = failing_rows(count) if count is not None else f"status {status or 'unknown'}"
        return [f"dbt test {check_name}: {detail}"]
    return []


def warned_check_lines(metadata: Mapping[str, Any]) -> list[str]:
    """What a check that passed with warnings found: each failed warning expectation with its
    failing-row count and up to five of the rows (a legitimate but odd value, e.g. negative
    stock, is reported this way and blocks nothing)."""
    values = {key: getattr(value, "value", value) for key, value in metadata.items()}
    failures = values.get("failed_detail") or []
    return _expectation_lines([f for f in failures if f["severity"] != "error"])


def _expectation_lines(failures: list[dict[str, Any]]) -> list[str]:
    lines: list[str] = []
    for failure in failures:
        count = failure.get("unexpected_count")
        if count is None:
            outcome = "not evaluated" if failure.get("exception") else "failed"
        else:
            outcome = failing_rows(count, failure.get("element_count"))
        lines.append(f"{failure['suite']}: {failure['expectation']} — {outcome}")
        if failure.get("exception"):
            lines.append(f"  exception: {_clip(failure['exception'])}")
        lines.extend(
            f"  {_clip(row if isinstance(row, str) else json.dumps(row, default=str))}"
            for row in (failure.get("sample_rows") or [])[:SAMPLE_ROWS]
        )
    return lines


def failing_rows(count: int, total: int | None = None) -> str:
    """``7 failing rows of 12`` (``chainseg run`` and ``chainseg check`` say it alike)."""
    count = int(count)
    rows = f"{count:,} failing row" + ("" if count == 1 else "s")
    return rows if total is None else f"{rows} of {int(total):,}"


def _clip(text: str) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= ROW_WIDTH else line[: ROW_WIDTH - 1] + "…"


#: the asset key of the BI publication (orchestration/defs/publish.py), as a user string
PUBLICATION_ASSET = "publication"


def publication_line(result, publish_dir: Path, *, checks_failed: int) -> str:
    """One line: the release the transform run published, or why none was and which is kept."""
    for event in result.get_asset_materialization_events():
        materialization = event.event_specific_data.materialization
        if materialization.asset_key.to_user_string() == PUBLICATION_ASSET:
            values = {k: getattr(v, "value", v) for k, v in materialization.metadata.items()}
            roles = ", ".join(values.get("roles") or [])
            return f"published: release {values.get('release_id')} for {roles} → {publish_dir}"
    from publication.release import current_release

    failed_steps = {event.step_key for event in result.get_step_failure_events()}
    if PUBLICATION_ASSET in failed_steps:
        why = "its step failed, see the run's log"
    elif checks_failed:
        why = "blocking checks failed"
    else:
        why = "an upstream step failed"
    kept = current_release(publish_dir)
    return f"publication: not updated ({why}); " + (
        f"current release {kept} kept" if kept else "no earlier release"
    )


FEEDS_ASSET = "operational_feeds"


def feeds_line(result, feeds_dir: Path) -> str:
    """One line: the feeds version the transform run wrote and what moved, or the one kept."""
    for event in result.get_asset_materialization_events():
        materialization = event.event_specific_data.materialization
        if materialization.asset_key.to_user_string() == FEEDS_ASSET:
            values = {k: getattr(v, "value", v) for k, v in materialization.metadata.items()}
            return (
                f"feeds: version {values.get('version_id')}, {values.get('change_count')} "
                f"changes since {values.get('previous_version')} → {feeds_dir / 'current'}"
            )
    from publication.feeds import current_version

    kept = current_version(feeds_dir)
    return "feeds: not updated; " + (
        f"current version {kept} kept" if kept else "no earlier version"
    )
