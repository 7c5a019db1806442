"""The as-of property (issue 14): a run ``--as-of D`` on a warehouse that has loaded the whole
landing gives the same marts as a run over a copy of the landing holding only the extract
folders dated on or before D. Checked for a month end, a mid-month date and the last extract
date, on generator data with its defects on (later versions, later rejections, redelivered
files, duplicate files), every mart compared by an order-independent checksum (rows and hash).

All runs are ``chainseg run`` in a fresh process (Dagster, ingestion, dbt and the checks), one
data home per landing. About 5 minutes on two cores: ``make test-asof`` (CI runs it).
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest

from tests.pipeline_fixtures import chainseg_cli, manifest

pytestmark = [pytest.mark.asof, pytest.mark.slow]

#: Two and a half months of the demo business: two month ends and a partial third month.
PARAMS = {"scale": 0.01, "days": 75, "seed": 7}
MONTH_END = date(2025, 1, 31)
MID_MONTH = date(2025, 2, 14)


def mart_checksums(warehouse: Path) -> dict[str, tuple[int, int]]:
    """Order-independent checksum of every mart: (rows, sum of row hashes)."""
    conn = duckdb.connect(str(warehouse), read_only=True)
    try:
        tables = [
            name
            for (name,) in conn.execute(
                "select table_name from information_schema.tables "
                "where table_schema = 'marts' and table_type = 'BASE TABLE' order by 1"
            ).fetchall()
        ]
        sums: dict[str, tuple[int, int]] = {}
        for table in tables:
            columns = ", ".join(
                f'"{column}"'
                for (column,) in conn.execute(
                    "select column_name from information_schema.columns "
                    "where table_schema = 'marts' and table_name = ? order by column_name",
                    [table],
                ).fetchall()
            )
            rows, digest = conn.execute(
                f"select count(*), coalesce(sum(hash(t)::hugeint), 0) "
                f'from (select {columns} from marts."{table}") as t'
            ).fetchone()  # type: ignore[misc]
            sums[table] = (int(rows), int(digest))
        return sums
    finally:
        conn.close()


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


def differing(left: dict, right: dict) -> list[str]:
    return [
        f"{mart}: {left.get(mart)} != {right.get(mart)}"
        for mart in sorted(set(left) | set(right))
        if left.get(mart) != right.get(mart)
    ]


@pytest.fixture(scope="module")
def landing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from generator import generate

    out = tmp_path_factory.mktemp("asof") / "landing"
    generate(out, defects="default", **PARAMS)  # type: ignore[arg-type]
    return out


def test_as_of_run_equals_run_over_the_extracts_up_to_that_date(
    landing: Path, tmp_path: Path
) -> None:
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
    latest = mart_checksums(whole / "warehouse.duckdb")

    failures: list[str] = []
    for as_of in (MONTH_END, MID_MONTH):
        # ... then rebuilt as of an earlier date on the same warehouse ...
        run_ok("--as-of", as_of.isoformat(), home=whole, landing=landing)
        assert as_of_of(whole / "warehouse.duckdb") == as_of
        rewound = mart_checksums(whole / "warehouse.duckdb")
        # ... against a fresh home that only ever saw the extracts up to that date
        home = tmp_path / f"upto-{as_of}"
        part = truncated_landing(landing, tmp_path / f"landing-{as_of}", as_of)
        run_ok(home=home, landing=part)
        assert as_of_of(home / "warehouse.duckdb") == as_of
        failures += [
            f"as of {as_of}: {d}"
            for d in differing(rewound, mart_checksums(home / "warehouse.duckdb"))
        ]

    # back to the last extract date after the rewinds: the marts of the daily run again
    run_ok("--as-of", last.isoformat(), home=whole, landing=landing)
    failures += [
        f"as of {last}: {d}" for d in differing(mart_checksums(whole / "warehouse.duckdb"), latest)
    ]
    assert not failures, "\n".join(failures)
