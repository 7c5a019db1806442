"""The local Dagster instance's event log, cheap to write.

A catch-up run lands a year of extract dates: thousands of partition materialisation events,
each one SQLite transaction. With SQLite's default ``synchronous=FULL`` every commit waits for
an fsync (measured here: 33 ms per event, minutes per run); with ``synchronous=OFF`` 0.5 ms.
An application crash still cannot corrupt the file, only an operating-system crash can lose
recent run history; the warehouse (DuckDB) is unaffected.

A ranged run still writes one materialisation per date and asset (365 × 20 on a year's
catch-up), each opening and committing its own SQLite connections. With
``DAGSTER_EVENT_BATCH_SIZE`` set (the command line sets it), Dagster hands a ranged step's
materialisations to ``store_event_batch`` together; this log writes such a batch with one
insert per database, so the UI still shows every date's status at a fraction of the cost.

Every write used to open a new SQLite connection (2-3 per event: the run's database, the
index) and every asset event asked a fresh connection whether the tags table exists. This log
keeps a small pool of open connections per database, for the few databases used last, and
remembers the tables and columns it has seen (they are only ever added, by a migration). An
open connection changes nothing of the above: each write is still its own committed
transaction, unsynced in the same way (the pragma is set on each connection when it opens).

Named in ``dagster.yaml`` as the instance's storage (Dagster's SQLite storage, same layout, with
this event log), so it applies to the chainseg instance only and only once an instance opens
it: nothing happens at import.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as db
from dagster._core.events import DagsterEventType
from dagster._core.events.log import EventLogEntry
from dagster._core.storage.event_log import SqliteEventLogStorage
from dagster._core.storage.event_log.schema import SqlEventLogStorageTable
from dagster._core.storage.event_log.sqlite.sqlite_event_log import INDEX_SHARD_NAME
from dagster._core.storage.sql import create_engine
from dagster._core.storage.sqlite import SQLITE_BUSY_TIMEOUT_SECONDS
from dagster._core.storage.sqlite_storage import DagsterSqliteStorage, _event_logs_directory
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import QueuePool


def _no_fsync(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    dbapi_connection.execute("pragma synchronous=OFF")


#: databases whose connections stay open (the index, the running runs' databases, the UI's
#: last reads); the least recently used beyond them is closed
KEPT_DATABASES = 8


class UnsyncedSqliteEventLogStorage(SqliteEventLogStorage):
    """Dagster's SQLite event log (one database per run plus an index), without fsync, writing
    a batch of materialisations with one insert per database."""

    _held: _Held | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # before Dagster's __init__ opens the index
        self._engines: OrderedDict[str, Engine] = OrderedDict()
        self._engines_pid = os.getpid()
        self._tables: set[str] = set()  # tables known to exist in the index
        self._asset_key_columns: set[str] = set()  # columns known to exist in its asset_keys
        super().__init__(*args, **kwargs)

    def has_table(self, table_name: str) -> bool:
        """Dagster asks before each asset event's tags and check result; a table, once there,
        stays (migrations only add), so only a missing one is asked again."""
        if table_name in self._tables:
            return True
        found = super().has_table(table_name)
        if found:
            self._tables.add(table_name)
        return found

    def _has_asset_key_col_on_connection(self, conn: Connection, column_name: str) -> bool:
        # asked with every asset event (an inspection query); kept like has_table
        if column_name in self._asset_key_columns:
            return True
        found = super()._has_asset_key_col_on_connection(conn, column_name)
        if found:
            self._asset_key_columns.add(column_name)
        return found

    def wipe(self) -> None:
        with self._db_lock:
            self._forget_databases()
        super().wipe()

    def upgrade(self) -> None:
        with self._db_lock:
            self._forget_databases()
        super().upgrade()

    def dispose(self) -> None:
        with self._db_lock:
            self._forget_databases()
        super().dispose()

    def _forget_databases(self) -> None:
        """Close the kept connections and forget what was seen (callers hold ``_db_lock``)."""
        for engine in self._engines.values():
            engine.dispose()
        self._engines.clear()
        self._tables.clear()
        self._asset_key_columns.clear()

    def store_event_batch(self, events: Sequence[EventLogEntry]) -> None:
        if events and all(_is_planned(entry) for entry in events):
            self._store_in_one_transaction(events)
            return
        if not events or not all(_is_materialization(entry) for entry in events):
            super().store_event_batch(events)  # Dagster's loop of store_event
            return
        # What store_event does per materialisation, once per batch: the rows into the run's
        # database and the index, the index's tags for each, the asset's latest entry once.
        rows = [self._event_to_row(entry) for entry in events]
        # every statement runs before any database commits, so a failure leaves nothing behind
        # and Dagster's fallback (one event at a time) starts clean
        with self._db_lock, ExitStack() as open_databases:
            for run_id in {row["run_id"] for row in rows}:
                conn = open_databases.enter_context(self._open(run_id))
                run_rows = [row for row in rows if row["run_id"] == run_id]
                conn.execute(SqlEventLogStorageTable.insert(), run_rows)
            index = open_databases.enter_context(self._open(INDEX_SHARD_NAME))
            index.execute(SqlEventLogStorageTable.insert(), rows)
            # one writer inside this transaction: the new ids are the last len(rows)
            newest = index.execute(db.select(db.func.max(SqlEventLogStorageTable.c.id)))
            last = int(newest.scalar_one())
            event_ids = list(range(last - len(rows) + 1, last + 1))
            self._store_asset_event_tags(index, events, event_ids)
            latest = {
                _asset_key(entry): (entry, event_id)
                for entry, event_id in zip(events, event_ids, strict=True)
            }
            for entry, event_id in latest.values():
                self._store_asset_event(index, entry, event_id)

    def _store_in_one_transaction(self, events: Sequence[EventLogEntry]) -> None:
        """Dagster's own ``store_event`` for each event, on one open connection per database
        and one commit each (a run's start plans every asset and check of the job: ~1,100
        events on the transform job, each otherwise opening and committing 2-3 connections).
        A failure rolls every database back, and Dagster then stores the events one by one.
        Other threads (a progress reader) wait for the lock as for any write."""
        with self._db_lock, ExitStack() as held:
            self._held = _Held(threading.get_ident(), held)
            try:
                for entry in events:
                    super().store_event(entry)
            finally:
                self._held = None

    @contextmanager
    def _connect(self, shard: str) -> Iterator[Connection]:
        held = getattr(self, "_held", None)
        if held is not None and held.thread == threading.get_ident():
            # inside _store_in_one_transaction, which holds _db_lock
            if shard not in held.connections:
                held.connections[shard] = held.stack.enter_context(self._open(shard))
            yield held.connections[shard]
            return
        with self._db_lock, self._open(shard) as conn:
            yield conn

    @contextmanager
    def _open(self, shard: str) -> Iterator[Connection]:
        # Dagster's own _connect (callers hold _db_lock), with the pragma set on each new
        # connection, and one engine per database kept with its connection open between two
        # uses (Dagster makes an engine and a connection for each: 2-3 per event). A connection
        # is used by one thread at a time (the lock), not always the one that opened it.
        engine = self._engine(shard)
        if shard not in self._initialized_dbs:
            self._initdb(engine)
            self._initialized_dbs.add(shard)
        with engine.connect() as conn, conn.begin():
            yield conn

    def _engine(self, shard: str) -> Engine:
        if self._engines_pid != os.getpid():
            # a forked child must not share the parent's open SQLite connections
            self._engines = OrderedDict()
            self._engines_pid = os.getpid()
        engine = self._engines.get(shard)
        if engine is not None:
            self._engines.move_to_end(shard)
            return engine
        engine = create_engine(
            self.conn_string_for_shard(shard),
            poolclass=QueuePool,
            pool_size=1,  # one thread at a time; another connection only when nested
            max_overflow=4,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS, "check_same_thread": False},
        )
        event.listen(engine, "connect", _no_fsync)
        self._engines[shard] = engine
        while len(self._engines) > KEPT_DATABASES:
            _, oldest = self._engines.popitem(last=False)
            oldest.dispose()  # a connection still in use closes when it is given back
        return engine


@dataclass
class _Held:
    """The connections one thread keeps open (in a transaction) while it stores a batch."""

    thread: int
    stack: ExitStack
    connections: dict[str, Connection] = field(default_factory=dict)


def _is_planned(entry: EventLogEntry) -> bool:
    dagster_event = entry.dagster_event
    return dagster_event is not None and dagster_event.event_type in _PLANNED


_PLANNED = {
    DagsterEventType.ASSET_MATERIALIZATION_PLANNED,
    DagsterEventType.ASSET_CHECK_EVALUATION_PLANNED,
}


def _is_materialization(entry: EventLogEntry) -> bool:
    dagster_event = entry.dagster_event
    return dagster_event is not None and dagster_event.is_step_materialization


def _asset_key(entry: EventLogEntry) -> Any:
    return entry.get_dagster_event().asset_key


class ChainsegSqliteStorage(DagsterSqliteStorage):
    """Dagster's SQLite instance storage (runs, schedules, event log) with the unsynced log."""

    def __init__(self, base_dir: str, inst_data: Any = None) -> None:
        super().__init__(base_dir, inst_data)
        self._event_log_storage = UnsyncedSqliteEventLogStorage(_event_logs_directory(base_dir))

    @classmethod
    def from_config_value(cls, inst_data, config_value):  # type: ignore[no-untyped-def]
        return cls(inst_data=inst_data, **config_value)
