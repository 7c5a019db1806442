"""The operational feeds: the TMS, ATP and WMS policy rows, written after the publication.

The rows are computed by dbt (``dbt_project/models/feeds/``, schema ``feeds``); this module
only reads them, serialises them deterministically and switches the feed folder to them.
Under the feeds folder (``settings.paths.paths().feeds``, ``$CHAINSEG_HOME/feeds``)::

    versions/<version_id>/<feed>.csv      the rows, header first, sorted by the feed's key
    versions/<version_id>/<feed>.json     the same rows, {"feed", "key", "columns", "rows"}
    versions/<version_id>/changes.json    what moved since the previous version, per feed:
                                          added / removed rows, changed keys old → new
    versions/<version_id>/changes.csv     the same, one line per change
    versions/<version_id>/manifest.json   per feed rows and SHA-256 of each file (content only)
    versions/<version_id>/run.json        version id, run id, time, as-of date, previous
                                          version: the only file that differs between reruns
    current -> versions/<version_id>      relative symlink, the version systems read

Feeds are ``tms``, ``atp`` and ``wms``; each JSON file validates against its JSON Schema in
``publication/feed_schemas/<feed>.schema.json`` before the version is switched to. Bytes are
deterministic: rows sorted by key, columns in table order, decimals at their column's fixed
scale, no timestamps in the feed files. A rerun with no data change writes byte-identical
feed files and an empty change log. The version is written under a hidden temporary name,
flushed, renamed and only then does ``current`` move (``publication.atomic``): a writer killed
at any point leaves the previous version whole and ``current`` on it.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

import duckdb

from publication.atomic import (
    commit_folder,
    new_version_id,
    remove_temporaries,
    replace_symlink,
    version_ids,
)
from settings.duckdb_config import configure
from settings.lock import publish_lock, writer_lock

SCHEMA = "feeds"
VERSIONS = "versions"
CURRENT = "current"
CHANGES = "changes"
MANIFEST = "manifest.json"
RUN = "run.json"
SCHEMA_DIR = Path(__file__).resolve().parent / "feed_schemas"
DEFAULT_KEEP = 3


@dataclass(frozen=True)
class Feed:
    name: str
    table: str
    key: tuple[str, ...]


#: every feed: its name, the dbt model it is read from, the key its rows are sorted by
FEEDS: tuple[Feed, ...] = (
    Feed("tms", "feed_tms", ("customer_id",)),
    Feed("atp", "feed_atp", ("product_id", "customer_segment")),
    Feed("wms", "feed_wms", ("product_id",)),
)

Row = dict[str, Any]


class FeedError(RuntimeError):
    """The feeds cannot be written (a feed table is missing, a row breaks its schema)."""


@dataclass(frozen=True)
class FeedTable:
    feed: Feed
    columns: list[str]
    rows: list[Row]  # JSON values, sorted by the key


@dataclass(frozen=True)
class FeedVersion:
    version_id: str
    path: Path
    previous: str | None
    rows: Mapping[str, int]
    changes: Mapping[str, Mapping[str, int]]  # feed → added / removed / changed → count

    @property
    def change_count(self) -> int:
        return sum(sum(counts.values()) for counts in self.changes.values())


def schema(feed: str) -> dict:
    """The JSON Schema of a feed's JSON file."""
    return json.loads((SCHEMA_DIR / f"{feed}.schema.json").read_text(encoding="utf-8"))


def current_version(feeds_dir: Path) -> str | None:
    """The version ``current`` points at, if any."""
    link = feeds_dir / CURRENT
    if not link.is_symlink():
        return None
    parts = Path(link.readlink()).parts
    return parts[1] if len(parts) == 2 and parts[0] == VERSIONS else None


def _value(value: Any) -> Any:
    """A warehouse value as JSON: decimals at their fixed scale become numbers."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, float):
        raise FeedError("a feed column is a float: cast it to a decimal for fixed formatting")
    return value


def read_feeds(warehouse: Path) -> tuple[dict[str, FeedTable], dict[str, str], str | None]:
    """Every feed's rows from the warehouse (read under the writer lock), each column's
    fixed-scale text form for decimals, and the as-of date."""
    tables: dict[str, FeedTable] = {}
    scales: dict[str, str] = {}
    conn = configure(duckdb.connect())
    try:
        with writer_lock(warehouse):
            conn.execute(
                f"attach '{str(warehouse).replace(chr(39), chr(39) * 2)}' as w (read_only)"
            )
            try:
                for feed in FEEDS:
                    found = conn.execute(
                        "select column_name, data_type from information_schema.columns "
                        "where table_catalog = 'w' and table_schema = ? and table_name = ? "
                        "order by ordinal_position",
                        [SCHEMA, feed.table],
                    ).fetchall()
                    if not found:
                        raise FeedError(
                            f"warehouse {warehouse} lacks {SCHEMA}.{feed.table}: "
                            "build the models before writing the feeds"
                        )
                    columns = [name for name, _ in found]
                    for name, data_type in found:
                        if str(data_type).upper().startswith("DECIMAL"):
                            scales[f"{feed.name}.{name}"] = str(data_type)
                    order = ", ".join(f'"{k}"' for k in feed.key)
                    result = conn.execute(
                        f'select * from w.{SCHEMA}."{feed.table}" order by {order}'
                    ).fetchall()
                    rows = [
                        {c: _value(v) for c, v in zip(columns, row, strict=True)} for row in result
                    ]
                    rows.sort(key=partial(_key, feed))
                    tables[feed.name] = FeedTable(feed, columns, rows)
                as_of = _as_of(conn)
            finally:
                conn.execute("detach w")
    finally:
        conn.close()
    return tables, scales, as_of


def _as_of(conn: duckdb.DuckDBPyConnection) -> str | None:
    found = conn.execute(
        "select count(*) from information_schema.tables where table_catalog = 'w' "
        "and table_schema = 'intermediate' and table_name = 'int_as_of'"
    ).fetchone()
    if not found or not found[0]:
        return None
    row = conn.execute("select * from w.intermediate.int_as_of").fetchone()
    return str(row[0]) if row and row[0] is not None else None


def _scale(data_type: str) -> int:
    """The scale of ``DECIMAL(p,s)``."""
    inside = data_type[data_type.index("(") + 1 : data_type.index(")")]
    return int(inside.split(",")[1])


def _text(value: Any, decimal_type: str | None) -> str:
    """A JSON value as CSV text: empty for null, true/false, decimals at their fixed scale."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if decimal_type is not None:
        return f"{value:.{_scale(decimal_type)}f}"
    return str(value)


def csv_bytes(table: FeedTable, scales: Mapping[str, str]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow(
            [_text(row[c], scales.get(f"{table.feed.name}.{c}")) for c in table.columns]
        )
    return out.getvalue().encode("utf-8")


def _json(document: Any) -> bytes:
    return (json.dumps(document, indent=1, ensure_ascii=False, sort_keys=False) + "\n").encode(
        "utf-8"
    )


def document_bytes(document: dict) -> bytes:
    """A feed's JSON file: the header fields, then one row a line (diff-friendly)."""
    head = {k: v for k, v in document.items() if k != "rows"}
    lines = [json.dumps(row, ensure_ascii=False, separators=(",", ":")) for row in document["rows"]]
    body = ",\n".join("  " + line for line in lines)
    text = json.dumps(head, ensure_ascii=False)[:-1] + ', "rows": [\n' + body + "\n]}\n"
    return text.encode("utf-8")


def json_document(table: FeedTable) -> dict:
    return {
        "feed": table.feed.name,
        "key": list(table.feed.key),
        "columns": table.columns,
        "rows": table.rows,
    }


def validate(document: dict) -> None:
    """Raise FeedError when a feed's JSON document breaks its JSON Schema."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(schema(document["feed"]))
    error = jsonschema.exceptions.best_match(validator.iter_errors(document))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path)
        raise FeedError(f"feed {document['feed']} breaks its schema at /{where}: {error.message}")


def _key(feed: Feed, row: Row) -> tuple:
    return tuple(row[k] for k in feed.key)


def changes(feed: Feed, old: list[Row] | None, new: list[Row]) -> dict[str, list]:
    """What moved from ``old`` to ``new`` (both sorted by key): added and removed rows,
    changed keys with each changed column old → new. No previous feed: every row added."""
    before = {_key(feed, row): row for row in old or []}
    after = {_key(feed, row): row for row in new}
    changed = []
    for key in sorted(before.keys() & after.keys()):
        moved = {
            column: {"old": before[key].get(column), "new": value}
            for column, value in after[key].items()
            if before[key].get(column) != value
        }
        moved |= {
            column: {"old": value, "new": None}
            for column, value in before[key].items()
            if column not in after[key]
        }
        if moved:
            changed.append({"key": dict(zip(feed.key, key, strict=True)), "columns": moved})
    return {
        "added": [after[key] for key in sorted(after.keys() - before.keys())],
        "removed": [before[key] for key in sorted(before.keys() - after.keys())],
        "changed": changed,
    }


def _change_lines(log: Mapping[str, Mapping[str, list]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["feed", "change", "key", "column", "old", "new"])
    keys = {feed.name: feed.key for feed in FEEDS}

    def key_text(feed: str, row: Row) -> str:
        return "|".join(str(row[k]) for k in keys[feed])

    def text(value: Any) -> str:
        return "" if value is None else json.dumps(value)

    for feed, moved in log.items():
        for row in moved["added"]:
            writer.writerow([feed, "added", key_text(feed, row), "", "", ""])
        for row in moved["removed"]:
            writer.writerow([feed, "removed", key_text(feed, row), "", "", ""])
        for change in moved["changed"]:
            for column, values in change["columns"].items():
                writer.writerow(
                    [
                        feed,
                        "changed",
                        key_text(feed, change["key"]),
                        column,
                        text(values["old"]),
                        text(values["new"]),
                    ]
                )
    return out.getvalue().encode("utf-8")


def _previous_rows(feeds_dir: Path, version: str | None, feed: str) -> list[Row] | None:
    if version is None:
        return None
    path = feeds_dir / VERSIONS / version / f"{feed}.json"
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))["rows"]


def _write_file(path: Path, data: bytes) -> None:
    """One file of a version (a seam: the kill tests stop the writer between files)."""
    path.write_bytes(data)


def write_feeds(
    warehouse: Path,
    feeds_dir: Path,
    *,
    run_id: str,
    keep: int = DEFAULT_KEEP,
    write_file: Callable[[Path, bytes], None] | None = None,
) -> FeedVersion:
    """Write a new version of every feed from the warehouse, switch ``current`` to it, and
    keep the newest ``keep`` versions (and the current one)."""
    write = write_file or _write_file
    tables, scales, as_of = read_feeds(warehouse)
    documents = {name: json_document(table) for name, table in tables.items()}
    for document in documents.values():
        validate(document)
    (feeds_dir / VERSIONS).mkdir(parents=True, exist_ok=True)
    with publish_lock(feeds_dir):
        remove_temporaries(feeds_dir, feeds_dir / VERSIONS)
        previous = current_version(feeds_dir)
        version_id = new_version_id(run_id)
        staging = feeds_dir / VERSIONS / f".{version_id}.tmp"
        staging.mkdir()
        try:
            log = {
                feed.name: changes(
                    feed, _previous_rows(feeds_dir, previous, feed.name), tables[feed.name].rows
                )
                for feed in FEEDS
            }
            manifest: dict[str, Any] = {"feeds": {}}
            for feed in FEEDS:
                files = {
                    f"{feed.name}.csv": csv_bytes(tables[feed.name], scales),
                    f"{feed.name}.json": document_bytes(documents[feed.name]),
                }
                for name, data in files.items():
                    write(staging / name, data)
                manifest["feeds"][feed.name] = {
                    "rows": len(tables[feed.name].rows),
                    "schema": f"{feed.name}.schema.json",
                    "sha256": {n: hashlib.sha256(d).hexdigest() for n, d in files.items()},
                }
            write(staging / f"{CHANGES}.json", _json(log))
            write(staging / f"{CHANGES}.csv", _change_lines(log))
            write(staging / MANIFEST, _json(manifest))
            run = {
                "version_id": version_id,
                "run_id": run_id,
                "written_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "as_of_date": as_of,
                "previous_version": previous,
                "source_warehouse": str(warehouse),
            }
            write(staging / RUN, _json(run))
            for path in staging.iterdir():
                path.chmod(0o444)
            final = feeds_dir / VERSIONS / version_id
            commit_folder(staging, final)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)  # a failed write leaves nothing
            raise
        replace_symlink(
            feeds_dir / CURRENT,
            Path(VERSIONS) / version_id,
            feeds_dir / f".{CURRENT}.{version_id}.tmp",
        )
        _prune(feeds_dir, keep)
    return FeedVersion(
        version_id,
        final,
        previous,
        {name: len(table.rows) for name, table in tables.items()},
        {name: {kind: len(items) for kind, items in moved.items()} for name, moved in log.items()},
    )


def _prune(feeds_dir: Path, keep: int) -> None:
    """Remove versions older than the newest ``keep``, never the current one."""
    current = current_version(feeds_dir)
    ids = version_ids(feeds_dir / VERSIONS)
    for version_id in ids[: max(len(ids) - keep, 0)]:
        if version_id != current:
            shutil.rmtree(feeds_dir / VERSIONS / version_id)
