"""The as-of property (issue 14): a run ``--as-of D`` on a warehouse that has loaded the whole
landing gives the same marts as a run over a copy of the landing holding only the extract
folders dated on or before D. Checked for a month end, a mid-month date and the last extract
date, on generator data with its defects on (later versions, later rejections, redelivered
files, duplicate files), every mart compared by an order-independent checksum (rows and hash).

All runs are ``chainseg run`` in a fresh process (Dagster, ingestion, dbt and the checks), one
data home per landing. About 5 minutes on two cores: ``make test-asof`` (CI runs it).
"""

from __future__ import annotations

import json
import math
import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest

from settings.dbt import prepare_manifest
from tests.pipeline_fixtures import chainseg_cli, manifest

pytestmark = [pytest.mark.asof, pytest.mark.slow]

#: Two and a half months of the demo business: two month ends and a partial third month.
PARAMS = {"scale": 0.01, "days": 75, "seed": 7}
MONTH_END = date(2025, 1, 31)
MID_MONTH = date(2025, 2, 14)


#: Relative tolerance for DOUBLE columns: sums of doubles depend on the order rows are added
#: in, which depends on the physical order of the tables (not on their content), so two
#: warehouses with the same rows may differ in the last bits (seen: 2e-11 on stock values).
FLOAT_TOLERANCE = 1e-9
FLOAT_TYPES = ("DOUBLE", "FLOAT", "REAL")


def mart_checksums(warehouse: Path) -> dict[str, tuple[int, int]]:
    """Order-independent checksum of every mart: (rows, sum of row hashes), every column."""
    return {mart: (rows, digest) for mart, (rows, digest, _) in mart_contents(warehouse).items()}


#: marts built on the recorded segment history: what they show depends on which periods the
#: warehouse has recorded (a history is kept, never recomputed from the extracts; official
#: segments hold by hysteresis over the recorded periods, and the policies apply them), so
#: they are not a function of the extracts up to D; the history's own as-of rule is tested in
#: tests/history (a period's row = what a run as of its end computes). Only the periods
#: recorded on or before D count (int_official_segments), but the rewound warehouse has
#: recorded more of them than the fresh one: as of MID_MONTH it knows January (recorded by
#: the MONTH_END rewind) and February, the fresh home February only: February is no review,
#: so the one keeps January's official segments where the computed one moved, the other takes
#: February's (an entity's first period), and the policies apply them. The override check
#: reads the history too but judges only periods up to D, so it stays in the comparison.
HISTORY_MARTS = {
    "mart_official_segments",
    "mart_segment_migration",
    "mart_segment_review",
    "mart_po_approval_compliance",
    "mart_po_compliance_segment_month",
    "mart_sourcing_actions",
    "mart_inventory_policies",
}


def marts_built_on_the_history() -> set[str]:
    """The marts downstream of ``history.segment_history`` in dbt's lineage: only these may
    be left out of the comparison."""
    nodes = json.loads(prepare_manifest().read_text(encoding="utf-8"))["child_map"]
    seen: set[str] = set()
    todo = ["model.chainseg.segment_history"]
    while todo:
        for child in nodes.get(todo.pop(), []):
            if child not in seen:
                seen.add(child)
                todo.append(child)
    return {node.split(".")[-1] for node in seen if node.split(".")[-1].startswith("mart_")}


def mart_contents(warehouse: Path) -> dict[str, tuple[int, int, list[tuple]]]:
    """Per mart: rows, the order-independent checksum of its exact (non-DOUBLE) columns, and
    its rows sorted by those columns with the DOUBLE columns last (compared with tolerance)."""
    conn = duckdb.connect(str(warehouse), read_only=True)
    try:
        tables = [
            name
            for (name,) in conn.execute(
                "select table_name from information_schema.tables "
                "where table_schema = 'marts' and table_type = 'BASE TABLE' order by 1"
            ).fetchall()
            if name not in HISTORY_MARTS
        ]
        contents: dict[str, tuple[int, int, list[tuple]]] = {}
        for table in tables:
            columns = conn.execute(
                "select column_name, data_type from information_schema.columns "
                "where table_schema = 'marts' and table_name = ? order by column_name",
                [table],
            ).fetchall()
            exact = [f'"{name}"' for name, kind in columns if kind not in FLOAT_TYPES]
            floats = [f'"{name}"' for name, kind in columns if kind in FLOAT_TYPES]
            exact_list = ", ".join(exact)
            rows, digest = conn.execute(
                f"select count(*), coalesce(sum(hash(t)::hugeint), 0) "
                f'from (select {exact_list} from marts."{table}") as t'
            ).fetchone()  # type: ignore[misc]
            ordered = conn.execute(
                f'select {", ".join(exact + floats)} from marts."{table}" '
                f"order by {', '.join(str(i + 1) for i in range(len(columns)))}"
            ).fetchall()
            contents[table] = (int(rows), int(digest), [row[len(exact) :] for row in ordered])
        return contents
    finally:
        conn.close()


def _close(left: tuple, right: tuple) -> bool:
    return all(
        a == b
        or (
            a is not None
            and b is not None
            and math.isclose(a, b, rel_tol=FLOAT_TOLERANCE, abs_tol=FLOAT_TOLERANCE)
        )
        for a, b in zip(left, right, strict=True)
    )


def differing(left: dict, right: dict) -> list[str]:
    """The marts whose rows or exact columns differ, or whose DOUBLE columns differ by more
    than the tolerance (row by row, in the order of the exact columns)."""
    found = []
    for mart in sorted(set(left) | set(right)):
        if mart not in left or mart not in right:
            found.append(f"{mart}: only on one side")
            continue
        (rows_l, hash_l, floats_l), (rows_r, hash_r, floats_r) = left[mart], right[mart]
        if (rows_l, hash_l) != (rows_r, hash_r):
            found.append(f"{mart}: (rows, hash) {(rows_l, hash_l)} != {(rows_r, hash_r)}")
        elif not all(_close(a, b) for a, b in zip(floats_l, floats_r, strict=True)):
            found.append(f"{mart}: a DOUBLE column differs by more than {FLOAT_TOLERANCE}")
    return found


def as_of_of(warehouse: Path) -> date:
    conn = duckdb.connect(str(warehouse), read_only=True)
    try:
        return conn.execute("select as_of_date from intermediate.int_as_of").fetchone()[0]  # type: ignore[index]
    finally:
        conn.close()


def truncated_landing(landing: Path, out: Path, as_of: date) -> Path:
    """A copy of ``landing`` with only the extract folders dated on or before ``as_of``."""
    for folder in sorted(landing.glob("*/*/*")):
        if folder.is_dir() and date.fromisoformat(folder.name) <= as_of:
            shutil.copytree(folder, out / folder.relative_to(landing))
    return out


def run_ok(*args: str, home: Path, landing: Path) -> None:
    proc = chainseg_cli("run", *args, home=home, landing=landing)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]


@pytest.fixture(scope="module")
def landing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from generator import generate

    out = tmp_path_factory.mktemp("asof") / "landing"
    generate(out, defects="default", **PARAMS)  # type: ignore[arg-type]
    return out


def test_as_of_run_equals_run_over_the_extracts_up_to_that_date(
    landing: Path, tmp_path: Path
) -> None:
    assert marts_built_on_the_history() >= HISTORY_MARTS, "a mart left out is not built on it"
    found = manifest(landing)
    # the defects that make "as of" matter are in the data: later versions, later rejections
    # (a rejected file redelivered the next day), duplicate files
    assert found["injected"]["newer_version_row"] and found["rejected_files"]
    assert found["redelivered_files"] and found["duplicate_files"]
    last = max(date.fromisoformat(p.name) for p in landing.glob("*/*/*") if p.is_dir())
    assert MONTH_END < MID_MONTH < last

    # the whole landing, loaded and built as of its last extract date (the daily run) ...
    whole = tmp_path / "whole"
    run_ok(home=whole, landing=landing)
    assert as_of_of(whole / "warehouse.duckdb") == last
    latest = mart_contents(whole / "warehouse.duckdb")

    failures: list[str] = []
    for as_of in (MONTH_END, MID_MONTH):
        # ... then rebuilt as of an earlier date on the same warehouse ...
        run_ok("--as-of", as_of.isoformat(), home=whole, landing=landing)
        assert as_of_of(whole / "warehouse.duckdb") == as_of
        rewound = mart_contents(whole / "warehouse.duckdb")
        # ... against a fresh home that only ever saw the extracts up to that date
        home = tmp_path / f"upto-{as_of}"
        part = truncated_landing(landing, tmp_path / f"landing-{as_of}", as_of)
        run_ok(home=home, landing=part)
        assert as_of_of(home / "warehouse.duckdb") == as_of
        failures += [
            f"as of {as_of}: {d}"
            for d in differing(rewound, mart_contents(home / "warehouse.duckdb"))
        ]

    # back to the last extract date after the rewinds: the marts of the daily run again
    run_ok("--as-of", last.isoformat(), home=whole, landing=landing)
    failures += [
        f"as of {last}: {d}" for d in differing(mart_contents(whole / "warehouse.duckdb"), latest)
    ]
    assert not failures, "\n".join(failures)
