"""Before any step runs: is the warehouse a usable DuckDB file, and is it free?

A wrong warehouse path (a directory, a file that is not a DuckDB database, a folder that is not
writable) ends as one line before Dagster starts, instead of a failed step per asset. A
warehouse another process has open (DuckDB: "Conflicting lock is held in … (PID N)") is waited
for, saying so every few seconds, up to ``CHAINSEG_LOCK_TIMEOUT`` like the writer lock.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from chainseg.errors import ChainsegError
from settings.lock import wait_for, writer_lock

_CONFLICT = re.compile(r"Conflicting lock is held in (?P<program>.*?) \(PID (?P<pid>\d+)\)")


def check_warehouse_path(warehouse: Path) -> None:
    """One-line error unless ``warehouse`` can be a DuckDB file this process may write."""
    if warehouse.is_dir():
        raise ChainsegError(f"warehouse {warehouse} is a directory, not a DuckDB file")
    folder = warehouse.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        blocking = next((p for p in (folder, *folder.parents) if p.exists()), None)
        why = f"{blocking} is a file" if blocking and not blocking.is_dir() else error.strerror
        raise ChainsegError(f"cannot create the warehouse folder {folder}: {why}") from None
    try:  # os.access says yes to root on a read-only mount: try for real
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as error:
        raise ChainsegError(
            f"warehouse folder {folder} is not writable: {error.strerror or error}"
        ) from None
    if warehouse.exists() and not os.access(warehouse, os.W_OK):
        raise ChainsegError(f"warehouse {warehouse} is not writable")


def open_warehouse(warehouse: Path, *, timeout: float | None = None) -> None:
    """Open and close the warehouse under the writer lock, waiting while another process
    (one that does not take chainseg's lock, e.g. a DuckDB shell) has it open."""
    import duckdb

    def attempt() -> str | None:
        try:
            duckdb.connect(str(warehouse)).close()
        except duckdb.IOException as error:
            conflict = _CONFLICT.search(str(error))
            if conflict:
                program = os.path.basename(conflict["program"])
                return f"pid {conflict['pid']} ({program}, outside chainseg's lock)"
            raise ChainsegError(_why_not(warehouse, str(error))) from None
        except duckdb.Error as error:
            raise ChainsegError(_why_not(warehouse, str(error))) from None
        return None

    with writer_lock(warehouse, timeout=timeout):
        wait_for(f"the warehouse {warehouse.name}", attempt, timeout)


def _why_not(warehouse: Path, message: str) -> str:
    if "not a valid DuckDB database file" in message:
        return f"warehouse {warehouse} is not a DuckDB database file"
    first = " ".join(message.split())
    return f"cannot open the warehouse {warehouse}: {first[:200]}"
