"""The single-writer rule every writer of the warehouse obeys.

DuckDB allows one writer per file, and even a read-only reader locks writers out. Dagster's
run queue and the ``warehouse`` pool (dagster.yaml) serialise runs launched through the
instance; this file lock also covers writers outside it (``chainseg check``, a test, a second
``chainseg run`` started at the same moment), which wait their turn instead of failing.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


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
