"""The warehouse as a Dagster resource, and the single-writer rule every writer obeys.

DuckDB allows one writer per file, and even a read-only reader locks writers out. Dagster's
run queue and the `warehouse` pool (dagster.yaml) serialise runs launched through the
instance; the file lock here also covers writers outside it (`chainseg check`, a test, a
second `chainseg run` started at the same moment), which wait their turn instead of failing.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg

from chainseg import config

POOL = "warehouse"


@contextmanager
def writer_lock(warehouse: Path) -> Iterator[None]:
    """Hold the warehouse's writer lock (blocking until the current writer is done)."""
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    with open(warehouse.with_name(warehouse.name + ".lock"), "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class WarehouseResource(dg.ConfigurableResource):
    """Where the warehouse and the landing zone are; unset fields come from CHAINSEG_* settings."""

    warehouse_path: str | None = None
    landing_dir: str | None = None

    @property
    def warehouse(self) -> Path:
        return Path(self.warehouse_path) if self.warehouse_path else config.paths().warehouse

    @property
    def landing(self) -> Path:
        return Path(self.landing_dir) if self.landing_dir else config.paths().landing
