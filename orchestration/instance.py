"""The local Dagster instance's event log, cheap to write.

A catch-up run lands a year of extract dates: thousands of partition materialisation events,
each one SQLite transaction. With SQLite's default ``synchronous=FULL`` every commit waits for
an fsync (measured here: 33 ms per event, minutes per run); with ``synchronous=OFF`` 0.5 ms.
An application crash still cannot corrupt the file, only an operating-system crash can lose
recent run history; the warehouse (DuckDB) is unaffected.

Named in ``dagster.yaml`` as the instance's storage (Dagster's SQLite storage, same layout, with
this event log), so it applies to the chainseg instance only and only once an instance opens
it: nothing happens at import.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from dagster._core.storage.event_log import SqliteEventLogStorage
from dagster._core.storage.sql import create_engine
from dagster._core.storage.sqlite import SQLITE_BUSY_TIMEOUT_SECONDS
from dagster._core.storage.sqlite_storage import DagsterSqliteStorage, _event_logs_directory
from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.pool import NullPool


def _no_fsync(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    dbapi_connection.execute("pragma synchronous=OFF")


class UnsyncedSqliteEventLogStorage(SqliteEventLogStorage):
    """Dagster's SQLite event log (one database per run plus an index), without fsync."""

    @contextmanager
    def _connect(self, shard: str) -> Iterator[Connection]:
        # Dagster's own _connect, with the pragma set on each new connection of the engine.
        with self._db_lock:
            engine = create_engine(
                self.conn_string_for_shard(shard),
                poolclass=NullPool,
                connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS},
            )
            event.listen(engine, "connect", _no_fsync)
            if shard not in self._initialized_dbs:
                self._initdb(engine)
                self._initialized_dbs.add(shard)
            with engine.connect() as conn, conn.begin():
                yield conn
            engine.dispose()


class ChainsegSqliteStorage(DagsterSqliteStorage):
    """Dagster's SQLite instance storage (runs, schedules, event log) with the unsynced log."""

    def __init__(self, base_dir: str, inst_data: Any = None) -> None:
        super().__init__(base_dir, inst_data)
        self._event_log_storage = UnsyncedSqliteEventLogStorage(_event_logs_directory(base_dir))

    @classmethod
    def from_config_value(cls, inst_data, config_value):  # type: ignore[no-untyped-def]
        return cls(inst_data=inst_data, **config_value)
