"""The operational feeds' contract (issue 19): every feed validates against its JSON Schema
(JSON and CSV alike), a rerun with no data change writes byte-identical feeds and an empty
change log, a segment change shows in the change log, and a writer killed or failing at any
point leaves the previous feeds whole and ``current`` on them.

Most tests run on a small hand-made warehouse holding the three feed tables with their
contract types, so each write takes a fraction of a second; two read the shared demo
warehouse (the dbt models themselves, and a segment change rebuilt through dbt)."""

from __future__ import annotations

import csv
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import jsonschema
import pytest

from publication.atomic import version_ids
from publication.feeds import (
    CURRENT,
    FEEDS,
    VERSIONS,
    FeedError,
    current_version,
    schema,
    write_feeds,
)
from settings.paths import PROJECT_ROOT

FEED_FILES = [f"{feed.name}.{ext}" for feed in FEEDS for ext in ("csv", "json")]

#: customer → (segment, priority, mode, OTIF, capacity rank)
CUSTOMERS = {
    "C1": ("carriage_trade", 1, "TL", "0.98", 1),
    "C2": ("passive", 2, "LTL", "0.95", 2),
    "C3": ("bargain_basement", 4, "RAIL", "0.85", 3),
}


def _warehouse(path: Path, customers: dict = CUSTOMERS) -> Path:
    """The three feed tables with their dbt contract types, and the as-of date."""
    path.unlink(missing_ok=True)
    conn = duckdb.connect(str(path))
    try:
        conn.execute("create schema feeds")
        conn.execute("create schema intermediate")
        conn.execute("create table intermediate.int_as_of as select date '2025-12-31' as d")
        conn.execute(
            "create table feeds.feed_tms (customer_id varchar, customer_segment varchar, "
            "service_priority integer, default_transport_mode varchar, "
            "otif_target decimal(6, 4), capacity_rank integer)"
        )
        for customer, (segment, priority, mode, otif, rank) in reversed(customers.items()):
            conn.execute(
                "insert into feeds.feed_tms values (?, ?, ?, ?, ?, ?)",
                [customer, segment, priority, mode, otif, rank],
            )
        conn.execute(
            "create table feeds.feed_atp as select * from (values "
            "('P2', 'CZ', 'passive', 8), ('P1', 'AX', 'passive', 3), "
            "('P1', 'AX', 'carriage_trade', 1), ('P2', 'CZ', 'carriage_trade', 6)) "
            "as t(product_id, product_segment, customer_segment, promised_lead_days)"
        )
        conn.execute("alter table feeds.feed_atp alter promised_lead_days type integer")
        conn.execute(
            "create table feeds.feed_wms (product_id varchar, product_segment varchar, "
            "base_unit varchar, pick_lines_12m integer, weekly_pick_lines decimal(12, 4), "
            "pick_rank integer, pick_rank_share decimal(8, 4), slotting_zone varchar, "
            "is_cross_dock_eligible boolean)"
        )
        conn.execute(
            "insert into feeds.feed_wms values "
            "('P2', 'CZ', null, 0, 0, 2, 1, 'remote_reserve', false), "
            "('P1', 'AX', 'ST', 52, 1, 1, 0.5, 'golden_zone', true)"
        )
    finally:
        conn.close()
    return path


def _files(version: Path) -> dict[str, bytes]:
    return {name: (version / name).read_bytes() for name in FEED_FILES}


def _csv_rows(path: Path, feed: str) -> list[dict]:
    """A feed's CSV read back with the types its JSON Schema declares."""
    properties = schema(feed)["properties"]["rows"]["items"]["properties"]

    def typed(column: str, text: str):
        types = properties[column]["type"]
        types = types if isinstance(types, list) else [types]
        if text == "" and "null" in types:
            return None
        if "integer" in types:
            return int(text)
        if "number" in types:
            return float(text)
        if "boolean" in types:
            return {"true": True, "false": False}[text]
        return text

    with path.open(newline="", encoding="utf-8") as handle:
        return [{c: typed(c, v) for c, v in row.items()} for row in csv.DictReader(handle)]


def _assert_valid(version: Path) -> None:
    for feed in FEEDS:
        document = json.loads((version / f"{feed.name}.json").read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema(feed.name))
        jsonschema.validate(document, schema(feed.name), cls=jsonschema.Draft202012Validator)
        rows = _csv_rows(version / f"{feed.name}.csv", feed.name)
        assert rows == document["rows"], f"{feed.name}.csv differs from {feed.name}.json"
        csv_document = {**document, "rows": rows}
        jsonschema.validate(csv_document, schema(feed.name), cls=jsonschema.Draft202012Validator)
        keys = [tuple(row[k] for k in feed.key) for row in rows]
        assert keys == sorted(keys) and len(set(keys)) == len(keys), "sorted, unique keys"


def test_every_feed_validates_against_its_json_schema(tmp_path):
    version = write_feeds(_warehouse(tmp_path / "w.duckdb"), tmp_path / "feeds", run_id="r1")
    _assert_valid(version.path)
    assert (tmp_path / "feeds" / CURRENT).resolve() == version.path
    assert version.rows == {"tms": 3, "atp": 4, "wms": 2}
    wms = (version.path / "wms.csv").read_text(encoding="utf-8").splitlines()
    assert wms[1] == "P1,AX,ST,52,1.0000,1,0.5000,golden_zone,true"  # fixed decimals
    assert wms[2] == "P2,CZ,,0,0.0000,2,1.0000,remote_reserve,false"


def test_a_row_breaking_its_schema_is_not_published(tmp_path):
    feeds = tmp_path / "feeds"
    first = write_feeds(_warehouse(tmp_path / "w.duckdb"), feeds, run_id="r1")
    broken = dict(CUSTOMERS, C4=("passive", 0, "LTL", "0.95", 4))  # priority 0: not allowed
    with pytest.raises(FeedError, match="tms breaks its schema"):
        write_feeds(_warehouse(tmp_path / "w.duckdb", broken), feeds, run_id="r2")
    assert current_version(feeds) == first.version_id
    assert version_ids(feeds / VERSIONS) == [first.version_id]


def test_rerun_without_data_change_is_byte_identical_with_an_empty_change_log(tmp_path):
    warehouse = _warehouse(tmp_path / "w.duckdb")
    feeds = tmp_path / "feeds"
    first = write_feeds(warehouse, feeds, run_id="r1")
    assert first.changes["tms"]["added"] == 3  # no previous feed: every row is new
    second = write_feeds(warehouse, feeds, run_id="r2")
    assert second.previous == first.version_id
    assert _files(second.path) == _files(first.path)
    assert (second.path / "manifest.json").read_bytes() == (
        first.path / "manifest.json"
    ).read_bytes()
    assert second.change_count == 0
    log = json.loads((second.path / "changes.json").read_text(encoding="utf-8"))
    assert log == {f.name: {"added": [], "removed": [], "changed": []} for f in FEEDS}
    lines = (second.path / "changes.csv").read_text(encoding="utf-8").splitlines()
    assert lines == ["feed,change,key,column,old,new"]
    run = json.loads((second.path / "run.json").read_text(encoding="utf-8"))
    assert run["run_id"] == "r2" and run["previous_version"] == first.version_id


def test_a_segment_change_is_listed_in_the_change_log(tmp_path):
    feeds = tmp_path / "feeds"
    write_feeds(_warehouse(tmp_path / "w.duckdb"), feeds, run_id="r1")
    moved = dict(CUSTOMERS)
    moved["C2"] = ("carriage_trade", 1, "TL", "0.98", 2)
    del moved["C3"]
    moved["C9"] = ("passive", 2, "LTL", "0.95", 3)
    version = write_feeds(_warehouse(tmp_path / "w.duckdb", moved), feeds, run_id="r2")
    log = json.loads((version.path / "changes.json").read_text(encoding="utf-8"))["tms"]
    assert log["changed"] == [
        {
            "key": {"customer_id": "C2"},
            "columns": {
                "customer_segment": {"old": "passive", "new": "carriage_trade"},
                "service_priority": {"old": 2, "new": 1},
                "default_transport_mode": {"old": "LTL", "new": "TL"},
                "otif_target": {"old": 0.95, "new": 0.98},
            },
        }
    ]
    assert [row["customer_id"] for row in log["added"]] == ["C9"]
    assert [row["customer_id"] for row in log["removed"]] == ["C3"]
    assert version.changes["atp"] == {"added": 0, "removed": 0, "changed": 0}
    lines = (version.path / "changes.csv").read_text(encoding="utf-8").splitlines()
    assert 'tms,changed,C2,customer_segment,"""passive""","""carriage_trade"""' in lines
    assert "tms,added,C9,,," in lines and "tms,removed,C3,,," in lines


def test_old_versions_are_pruned_never_the_current_one(tmp_path):
    warehouse = _warehouse(tmp_path / "w.duckdb")
    feeds = tmp_path / "feeds"
    written = [write_feeds(warehouse, feeds, run_id=f"r{n}", keep=2).version_id for n in range(4)]
    assert version_ids(feeds / VERSIONS) == written[-2:]
    assert current_version(feeds) == written[-1]


def test_an_exception_between_files_leaves_the_previous_feeds(tmp_path):
    warehouse = _warehouse(tmp_path / "w.duckdb")
    feeds = tmp_path / "feeds"
    first = write_feeds(warehouse, feeds, run_id="r1")
    before = _files(first.path)
    written: list[Path] = []

    def failing(path: Path, data: bytes) -> None:
        if len(written) == 3:
            raise OSError("disk full")
        path.write_bytes(data)
        written.append(path)

    moved = dict(CUSTOMERS, C2=("carriage_trade", 1, "TL", "0.98", 2))
    with pytest.raises(OSError, match="disk full"):
        write_feeds(
            _warehouse(tmp_path / "w.duckdb", moved), feeds, run_id="r2", write_file=failing
        )
    assert current_version(feeds) == first.version_id
    assert _files(feeds / CURRENT) == before
    assert not list((feeds / VERSIONS).glob(".*")), "the failed version's folder is removed"


#: a writer in its own process that SIGKILLs itself after ``after`` files of the version
#: (``after`` = -1: after the version folder is renamed, before ``current`` is switched)
_KILLED_WRITER = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    import publication.feeds as feeds

    warehouse, folder, after = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    count = 0

    def write_file(path, data):
        global count
        if count == after:
            os.kill(os.getpid(), signal.SIGKILL)
        with open(path, "wb") as handle:
            handle.write(data[: len(data) // 2])
            handle.flush()
            handle.write(data[len(data) // 2 :])
        count += 1

    def switch(*args):
        os.kill(os.getpid(), signal.SIGKILL)

    if after < 0:
        feeds.replace_symlink = switch
    feeds.write_feeds(warehouse, folder, run_id="killed", write_file=write_file)
    """
)


def test_a_killed_writer_leaves_the_previous_feeds_whole(tmp_path):
    feeds = tmp_path / "feeds"
    first = write_feeds(_warehouse(tmp_path / "w.duckdb"), feeds, run_id="r1")
    before = _files(first.path)
    moved = dict(CUSTOMERS, C2=("carriage_trade", 1, "TL", "0.98", 2))
    changed = _warehouse(tmp_path / "changed.duckdb", moved)
    files_per_version = len(FEED_FILES) + 4  # changes.json/csv, manifest.json, run.json
    points = [-1, 0, files_per_version - 1, *random.Random(19).sample(range(1, 9), 3)]
    for after in points:
        proc = subprocess.run(
            [sys.executable, "-c", _KILLED_WRITER, str(changed), str(feeds), str(after)],
            cwd=PROJECT_ROOT,
            env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert proc.returncode == -signal.SIGKILL, (after, proc.stderr[-2000:])
        assert current_version(feeds) == first.version_id, after
        assert _files(feeds / CURRENT) == before, after
        _assert_valid(feeds / CURRENT)
    # the next writer clears what the killed ones left and compares with the current feeds
    version = write_feeds(changed, feeds, run_id="r2")
    assert version.previous == first.version_id
    assert version.changes["tms"] == {"added": 0, "removed": 0, "changed": 1}
    assert not list((feeds / VERSIONS).glob(".*")) and not list(feeds.glob(".*.tmp"))


def test_feeds_of_the_demo_warehouse(tmp_path):
    """The dbt feed models on the demo data: every feed valid, as many rows as the tables."""
    from tests.pipeline_fixtures import built_demo_warehouse

    warehouse = built_demo_warehouse()
    version = write_feeds(warehouse, tmp_path / "feeds", run_id="demo")
    _assert_valid(version.path)
    conn = duckdb.connect(str(warehouse), read_only=True)
    try:
        for feed in FEEDS:
            [(rows,)] = conn.execute(f"select count(*) from feeds.{feed.table}").fetchall()
            assert version.rows[feed.name] == rows > 0, feed.name
    finally:
        conn.close()


def test_an_official_segment_change_reaches_the_feeds_through_dbt(tmp_path):
    """One customer's official segment changed in the warehouse and the feed models rebuilt:
    the TMS change log lists it (and the capacity ranks it moved), nothing else moves."""
    from tests.pipeline_fixtures import dbt, scratch_warehouse

    warehouse = scratch_warehouse()
    feeds = tmp_path / "feeds"
    write_feeds(warehouse, feeds, run_id="before")
    conn = duckdb.connect(str(warehouse))
    try:
        customer, segment = conn.execute(
            "select customer_id, customer_segment from feeds.feed_tms "
            "where customer_segment = 'bargain_basement' order by customer_id limit 1"
        ).fetchone()
        conn.execute(
            "update segmentation.int_official_segments_as_of "
            "set official_segment = 'carriage_trade' "
            "where entity_type = 'customer' and entity_id = ?",
            [customer],
        )
    finally:
        conn.close()
    result = dbt(warehouse, "run", "--select", "feed_tms", "feed_atp", "feed_wms")
    assert result.returncode == 0, result.failures() or result.stdout[-2000:]
    version = write_feeds(warehouse, feeds, run_id="after")
    log = json.loads((version.path / "changes.json").read_text(encoding="utf-8"))
    moved = {c["key"]["customer_id"]: c["columns"] for c in log["tms"]["changed"]}
    assert moved[customer]["customer_segment"] == {"old": segment, "new": "carriage_trade"}
    assert moved[customer]["service_priority"] == {"old": 4, "new": 1}
    assert set(moved[customer]) >= {"default_transport_mode", "otif_target", "capacity_rank"}
    assert all(set(columns) == {"capacity_rank"} for c, columns in moved.items() if c != customer)
    assert not log["tms"]["added"] and not log["tms"]["removed"]
    assert log["atp"] == log["wms"] == {"added": [], "removed": [], "changed": []}
    shutil.rmtree(feeds)


def test_the_feeds_asset_writes_after_the_publication_and_not_when_it_fails(tmp_path, monkeypatch):
    """The Dagster asset: written once the publication has materialised; a failed
    publication keeps the current feeds (and `chainseg run` says so)."""
    import dagster as dg

    from chainseg.summary import feeds_line
    from orchestration.defs.publish import FEED_MODELS, PUBLICATION, operational_feeds
    from orchestration.warehouse import WarehouseResource

    monkeypatch.setenv("CHAINSEG_HOME", str(tmp_path / "home"))
    feeds = tmp_path / "home" / "feeds"
    resources = {"warehouse": WarehouseResource(warehouse_path=str(_warehouse(tmp_path / "w")))}

    def stand_in(key: dg.AssetKey, *, fail: bool = False) -> dg.AssetsDefinition:
        @dg.asset(key=key)
        def _asset() -> None:
            if fail:
                raise RuntimeError("the publication failed")

        return _asset

    models = [stand_in(key) for key in FEED_MODELS]
    result = dg.materialize(
        [*models, stand_in(PUBLICATION), operational_feeds], resources=resources
    )
    assert result.success
    written = current_version(feeds)
    assert written is not None
    assert feeds_line(result, feeds).startswith(f"feeds: version {written}, 9 changes since none")

    result = dg.materialize(
        [*models, stand_in(PUBLICATION, fail=True), operational_feeds],
        resources=resources,
        raise_on_error=False,
    )
    assert not result.success
    assert current_version(feeds) == written
    assert feeds_line(result, feeds) == f"feeds: not updated; current version {written} kept"
