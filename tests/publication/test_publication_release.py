"""Releases: written aside and switched whole, old ones pruned but never the current one, and a
reader of an old release keeps reading after the switch. On a small warehouse holding every
declared mart column, so each publication takes a fraction of a second."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from expectations.ownership import declared_columns, mart_models
from publication import (
    PublicationError,
    current_release,
    publish,
    publish_keep,
    release_ids,
    role_links,
)
from publication.atomic import new_version_id
from settings.paths import PROJECT_ROOT

ROLES = ("finance", "operations", "analyst")


def _warehouse(path: Path, rows: int) -> Path:
    """Every mart with its declared columns (as text) and ``rows`` rows."""
    columns: dict[str, list[str]] = {}
    for column in declared_columns():
        columns.setdefault(column.model, []).append(column.column)
    conn = duckdb.connect(str(path))
    try:
        conn.execute("create schema if not exists marts")
        for mart in mart_models():
            values = ", ".join(f"'{c}-' || range::varchar as \"{c}\"" for c in columns[mart])
            conn.execute(
                f"create or replace table marts.{mart} as select {values} from range({rows})"
            )
    finally:
        conn.close()
    return path


def _rows(database: Path, mart: str = "mart_data_quality") -> int:
    conn = duckdb.connect(str(database), read_only=True)
    try:
        return conn.execute(f"select count(*) from marts.{mart}").fetchone()[0]
    finally:
        conn.close()


def test_release_ids_sort_in_time_order():
    from datetime import UTC, datetime

    first = new_version_id("ffffffff-1", datetime(2026, 1, 1, 10, 0, 0, 1000, tzinfo=UTC))
    second = new_version_id("00000000-2", datetime(2026, 1, 1, 10, 0, 0, 2000, tzinfo=UTC))

    assert first == "20260101T100000.001Z-ffffffff"
    assert sorted([second, first]) == [first, second]


def test_every_role_points_at_the_new_release_through_a_relative_symlink(tmp_path):
    warehouse = _warehouse(tmp_path / "warehouse.duckdb", rows=2)
    publish_dir = tmp_path / "publish"

    release = publish(warehouse, publish_dir, run_id="run-1", keep=3)

    assert role_links(publish_dir) == dict.fromkeys(ROLES, release.release_id)
    for role in ROLES:
        link = publish_dir / role
        assert os.readlink(link) == f"releases/{release.release_id}/{role}"
        assert _rows(link / "marts.duckdb") == 2
        assert not (link / "marts.duckdb.wal").exists()
        assert (link / "marts.duckdb").stat().st_mode & 0o222 == 0  # read-only
    assert sorted(p.name for p in (publish_dir / "releases").iterdir()) == [release.release_id]


def test_pruning_keeps_the_newest_releases_and_never_the_current_one(tmp_path):
    warehouse = _warehouse(tmp_path / "warehouse.duckdb", rows=1)
    publish_dir = tmp_path / "publish"

    made = [publish(warehouse, publish_dir, run_id=f"run-{n}", keep=2).release_id for n in range(4)]

    assert release_ids(publish_dir) == made[-2:]
    assert current_release(publish_dir) == made[-1]

    # a complete release newer than the current one (say, one whose switch was killed): with
    # keep=1 it is the newest, yet the current release stays, and the roles still point at it
    stray = publish_dir / "releases" / "29991231T235959.999Z-stray"
    stray.mkdir()
    published = publish(warehouse, publish_dir, run_id="run-5", keep=1)

    assert release_ids(publish_dir) == [published.release_id, stray.name]
    assert role_links(publish_dir) == dict.fromkeys(ROLES, published.release_id)


def test_a_killed_publications_leftovers_are_removed_by_the_next(tmp_path):
    warehouse = _warehouse(tmp_path / "warehouse.duckdb", rows=1)
    publish_dir = tmp_path / "publish"
    (publish_dir / "releases" / ".20260101T000000.000Z-dead.tmp" / "finance").mkdir(parents=True)
    os.symlink("releases/nowhere", publish_dir / ".finance.20260101T000000.000Z-dead.tmp")

    release = publish(warehouse, publish_dir, run_id="run-1", keep=3)

    assert sorted(p.name for p in publish_dir.iterdir()) == [
        ".publish.lock",
        "analyst",
        "finance",
        "operations",
        "releases",
    ]
    assert os.listdir(publish_dir / "releases") == [release.release_id]


_READER = textwrap.dedent("""
    import sys, duckdb
    conn = duckdb.connect(sys.argv[1], read_only=True)
    query = "select count(*) from marts.mart_data_quality"
    print(conn.execute(query).fetchone()[0], flush=True)
    for line in sys.stdin:  # one query per line read, until stdin closes
        print(conn.execute(query).fetchone()[0], flush=True)
""")


def test_a_reader_of_the_old_release_keeps_reading_after_the_switch_and_the_prune(tmp_path):
    publish_dir = tmp_path / "publish"
    publish(_warehouse(tmp_path / "old.duckdb", rows=3), publish_dir, run_id="old", keep=1)
    reader = subprocess.Popen(
        [sys.executable, "-c", _READER, str(publish_dir / "finance" / "marts.duckdb")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=PROJECT_ROOT,
    )
    assert reader.stdin is not None and reader.stdout is not None
    try:
        assert reader.stdout.readline().strip() == "3"

        new = publish(
            _warehouse(tmp_path / "new.duckdb", rows=5), publish_dir, run_id="new", keep=1
        )

        reader.stdin.write("again\n")
        reader.stdin.flush()
        assert reader.stdout.readline().strip() == "3"  # the old release, removed by now
        assert release_ids(publish_dir) == [new.release_id]
        assert _rows(publish_dir / "finance" / "marts.duckdb") == 5  # a new open: the new one
    finally:
        reader.stdin.close()
        reader.wait(timeout=30)
    assert reader.returncode == 0


def test_the_number_of_releases_kept_comes_from_the_environment():
    assert publish_keep({}) == 3
    assert publish_keep({"CHAINSEG_PUBLISH_KEEP": "5"}) == 5
    with pytest.raises(ValueError, match="at least 1"):
        publish_keep({"CHAINSEG_PUBLISH_KEEP": "0"})


def test_a_warehouse_lacking_a_mart_is_not_published_and_leaves_nothing(tmp_path):
    warehouse = _warehouse(tmp_path / "warehouse.duckdb", rows=1)
    publish_dir = tmp_path / "publish"
    first = publish(warehouse, publish_dir, run_id="run-1", keep=3)
    conn = duckdb.connect(str(warehouse))
    try:
        conn.execute("drop table marts.mart_kpi_alerts")
    finally:
        conn.close()

    with pytest.raises(PublicationError, match="lacks the marts mart_kpi_alerts"):
        publish(warehouse, publish_dir, run_id="run-2", keep=3)

    assert os.listdir(publish_dir / "releases") == [first.release_id]
    assert role_links(publish_dir) == dict.fromkeys(ROLES, first.release_id)
