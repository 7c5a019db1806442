"""Write a release of the marts for every BI role aside, switch the roles to it, prune old ones.

Under the publish folder (``settings.paths.paths().publish``, ``$CHAINSEG_HOME/publish``)::

    releases/<release_id>/<role>/marts.duckdb          one table per mart (schema main),
                                                       only the columns the role may see
    releases/<release_id>/<role>/parquet/<mart>.parquet the same tables as Parquet
    releases/<release_id>/<role>/publication.json      what was published (see below)
    <role> -> releases/<release_id>/<role>             relative symlink, the current release

A mart none of whose columns a role may see is absent from that role's release.

A release is written completely under a hidden temporary name, renamed into ``releases/``,
and only then is each role's symlink replaced (a new symlink under a temporary name, then
``os.replace``): a reader that opened the old file keeps reading it, a new open sees the whole
new release. The warehouse is read once, under the writer lock, into a private snapshot file;
the role files are written from that snapshot after the lock is released (a role that sees
every column of every mart takes the snapshot itself as its DuckDB file). The newest
``CHAINSEG_PUBLISH_KEEP`` releases (default 3) are kept, and every release a role's symlink
points at; older ones are removed (a reader that still has one open keeps reading it).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from expectations.ownership import mart_models
from publication.atomic import (
    VERSION_ID,
    commit_folder,
    new_version_id,
    remove_temporaries,
    replace_symlink,
    version_ids,
)
from publication.roles import column_sensitivity, role_classes, visible_columns
from settings.duckdb_config import configure
from settings.environment import number_setting
from settings.lock import publish_lock, writer_lock

KEEP_ENV = "CHAINSEG_PUBLISH_KEEP"
DEFAULT_KEEP = 3
RELEASES = "releases"
DATABASE = "marts.duckdb"
PARQUET = "parquet"
RECORD = "publication.json"
SCHEMA = "marts"
#: the schema of a role's file: its default one, so ``marts.<mart>`` (catalog ``marts`` = the
#: file) and plain ``<mart>`` both name a mart, as ``marts.<mart>`` does in the warehouse
PUBLISHED_SCHEMA = "main"


class PublicationError(RuntimeError):
    """The warehouse cannot be published (a mart is missing); the message is one line."""


@dataclass(frozen=True)
class Release:
    """One published release: its id, folder, and per role the columns of each mart."""

    release_id: str
    path: Path
    published_at: str
    as_of_date: str | None
    columns: Mapping[str, Mapping[str, list[str]]]  # role → mart → columns

    @property
    def roles(self) -> list[str]:
        return list(self.columns)

    def column_count(self, role: str) -> int:
        return sum(len(columns) for columns in self.columns[role].values())


def publish_keep(env: Mapping[str, str] | None = None) -> int:
    """``CHAINSEG_PUBLISH_KEEP``: releases kept (default 3, at least 1)."""
    return number_setting(
        KEEP_ENV, DEFAULT_KEEP, parse=int, minimum=1, expected="a whole number", env=env
    )


def release_ids(publish: Path) -> list[str]:
    """Every complete release under ``publish/releases``, oldest first."""
    return version_ids(publish / RELEASES)


def role_links(publish: Path) -> dict[str, str]:
    """Role → the release id its symlink points at (roles with a symlink only)."""
    links: dict[str, str] = {}
    if not publish.is_dir():
        return links
    for entry in publish.iterdir():
        if entry.is_symlink():
            parts = Path(os.readlink(entry)).parts
            if len(parts) == 3 and parts[0] == RELEASES and VERSION_ID.fullmatch(parts[1]):
                links[entry.name] = parts[1]
    return links


def current_release(publish: Path) -> str | None:
    """The release the roles' symlinks point at (the newest, should a switch have been cut)."""
    return max(role_links(publish).values(), default=None)


def publish(
    warehouse: Path,
    publish_dir: Path,
    *,
    run_id: str,
    keep: int | None = None,
    roles: Mapping[str, frozenset[str]] | None = None,
) -> Release:
    """Publish the warehouse's marts for every role, switch the roles to it, prune old ones."""
    roles = role_classes() if roles is None else roles
    keep = publish_keep() if keep is None else keep
    releases = publish_dir / RELEASES
    releases.mkdir(parents=True, exist_ok=True)
    with publish_lock(publish_dir):
        _remove_leftovers(publish_dir)
        release_id = new_version_id(run_id)
        staging = releases / f".{release_id}.tmp"
        staging.mkdir()
        try:
            release = _write_release(warehouse, staging, release_id, run_id, roles)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)  # a failed publication leaves nothing
            raise
        commit_folder(staging, release.path)
        _switch(publish_dir, release_id, release.roles)
        _prune(publish_dir, keep)
    return release


def _write_release(
    warehouse: Path,
    staging: Path,
    release_id: str,
    run_id: str,
    roles: Mapping[str, frozenset[str]],
) -> Release:
    """Every role's files in ``staging``, from one snapshot of the warehouse's marts."""
    snapshot = staging / "snapshot.duckdb"
    as_of, tables = _snapshot(warehouse, snapshot)
    sensitivity = column_sensitivity()
    published_at = datetime.now(UTC).isoformat(timespec="seconds")
    columns: dict[str, dict[str, list[str]]] = {}
    for role, classes in roles.items():
        visible = {
            mart: visible_columns(all_columns, sensitivity.get(mart, {}), classes)
            for mart, all_columns in tables.items()
        }
        # a mart with no column the role may see is absent from its publication
        columns[role] = {mart: listed for mart, listed in visible.items() if listed}
    # a role that sees every column of every mart takes the snapshot itself as its file (the
    # same tables, columns and rows), written last: the other roles are written from it first
    whole = next((role for role in roles if columns[role] == tables), None)
    for role, classes in sorted(roles.items(), key=lambda item: item[0] == whole):
        record = {
            "release_id": release_id,
            "role": role,
            "sensitivity_classes": sorted(classes),
            "published_at": published_at,
            "as_of_date": as_of,
            "source_warehouse": str(warehouse),
            "run_id": run_id,
        }
        _write_role(snapshot, staging / role, columns[role], record, takes_snapshot=role == whole)
    snapshot.unlink(missing_ok=True)
    return Release(release_id, staging.parent / release_id, published_at, as_of, columns)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _snapshot(warehouse: Path, snapshot: Path) -> tuple[str | None, dict[str, list[str]]]:
    """Copy every mart of the warehouse into ``snapshot`` under the writer lock; return the
    as-of date and each mart's columns in table order."""
    conn = configure(duckdb.connect())
    try:
        conn.execute(f"attach {_literal(snapshot)} as snapshot")
        with writer_lock(warehouse):
            conn.execute(f"attach {_literal(warehouse)} as warehouse (read_only)")
            try:
                found = {
                    name: [c for (c,) in columns]
                    for name, columns in _columns(conn, "warehouse", SCHEMA).items()
                }
                missing = [m for m in mart_models() if m not in found]
                if missing:
                    raise PublicationError(
                        f"warehouse {warehouse} lacks the marts {', '.join(missing)}: "
                        "build them before publishing"
                    )
                tables = {mart: found[mart] for mart in mart_models()}
                for mart in tables:
                    conn.execute(
                        f"create table snapshot.main.{_quote(mart)} as "
                        f"select * from warehouse.{SCHEMA}.{_quote(mart)}"
                    )
                as_of = _as_of(conn)
            finally:
                conn.execute("detach warehouse")
        conn.execute("detach snapshot")
    finally:
        conn.close()
    return as_of, tables


def _columns(
    conn: duckdb.DuckDBPyConnection, catalog: str, schema: str
) -> dict[str, list[tuple[str]]]:
    rows = conn.execute(
        "select table_name, column_name from information_schema.columns "
        "where table_catalog = ? and table_schema = ? order by table_name, ordinal_position",
        [catalog, schema],
    ).fetchall()
    found: dict[str, list[tuple[str]]] = {}
    for table, column in rows:
        found.setdefault(table, []).append((column,))
    return found


def _as_of(conn: duckdb.DuckDBPyConnection) -> str | None:
    """The as-of date the marts were built for (``intermediate.int_as_of``), if built."""
    if not _columns(conn, "warehouse", "intermediate").get("int_as_of"):
        return None
    row = conn.execute("select * from warehouse.intermediate.int_as_of").fetchone()
    return str(row[0]) if row and row[0] is not None else None


def _write_role(
    snapshot: Path,
    folder: Path,
    columns: Mapping[str, list[str]],
    record: dict,
    *,
    takes_snapshot: bool = False,
) -> None:
    """One role's DuckDB file (its default schema), Parquet files and record, all read-only.
    With ``takes_snapshot`` (the role sees every column) the snapshot becomes its file."""
    (folder / PARQUET).mkdir(parents=True)
    database = folder / DATABASE
    conn = configure(duckdb.connect())
    rows: dict[str, int] = {}
    role = "snapshot" if takes_snapshot else "role"
    try:
        conn.execute(f"attach {_literal(snapshot)} as snapshot (read_only)")
        if not takes_snapshot:
            conn.execute(f"attach {_literal(database)} as role")
        for mart, listed in columns.items():
            select = (
                f"select {', '.join(_quote(c) for c in listed)} from snapshot.main.{_quote(mart)}"
            )
            if not takes_snapshot:
                conn.execute(f"create table role.{PUBLISHED_SCHEMA}.{_quote(mart)} as {select}")
            parquet = folder / PARQUET / f"{mart}.parquet"
            conn.execute(f"copy ({select}) to {_literal(parquet)} (format parquet)")
            [(rows[mart],)] = conn.execute(
                f"select count(*) from {role}.{PUBLISHED_SCHEMA}.{_quote(mart)}"
            ).fetchall()
        if not takes_snapshot:
            conn.execute("detach role")  # checkpoints: no write-ahead log is left beside it
        conn.execute("detach snapshot")
    finally:
        conn.close()
    if takes_snapshot:
        snapshot.replace(database)
    record = {**record, "marts": {m: {"rows": rows[m], "columns": c} for m, c in columns.items()}}
    (folder / RECORD).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    for path in [database, folder / RECORD, *(folder / PARQUET).iterdir()]:
        path.chmod(0o444)


def _switch(publish_dir: Path, release_id: str, roles: list[str]) -> None:
    """Point every role at the release: a new symlink under a temporary name, then replaced.
    A role no longer in the seed loses its symlink (it must not go on reading old data)."""
    for role in roles:
        link = publish_dir / role
        if link.exists() and not link.is_symlink():
            raise PublicationError(f"{link} is not a symlink: move it away to publish")
        temporary = publish_dir / f".{role}.{release_id}.tmp"
        replace_symlink(link, Path(RELEASES) / release_id / role, temporary)
    for role in role_links(publish_dir).keys() - set(roles):
        (publish_dir / role).unlink()


def _prune(publish_dir: Path, keep: int) -> None:
    """Remove releases older than the newest ``keep``, never one a role points at."""
    current = set(role_links(publish_dir).values())
    ids = release_ids(publish_dir)
    for release_id in ids[: max(len(ids) - keep, 0)]:
        if release_id not in current:
            shutil.rmtree(publish_dir / RELEASES / release_id)


def _remove_leftovers(publish_dir: Path) -> None:
    """The temporary folder and symlinks of a publication that was killed (the publish lock
    is held, so none is in use)."""
    remove_temporaries(publish_dir, publish_dir / RELEASES)
