"""A load killed with SIGKILL in the middle of a file leaves neither rows nor a ledger
entry of that file; the rerun loads it fully."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest
from landed import MATERIAL_HEADER, land, material_row

from ingestion import load_landing

ROWS = 150_000  # more than a DuckDB row group, so uncommitted data reaches the file

# Runs the real loader; at the kill point (inside the open transaction: after the reader
# inserted the file's rows, or after the ledger entry was written too) it signals the test
# and waits to be killed.
_CHILD = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    import duckdb
    import ingestion.load as load

    warehouse, landing, marker, kill_point = sys.argv[1:]

    def then_wait(step):
        def wrapped(*args, **kwargs):
            out = step(*args, **kwargs)
            Path(marker).write_text(kill_point)
            time.sleep(120)
            return out
        return wrapped

    if kill_point == "rows_inserted":
        load.READERS["erp"] = then_wait(load.READERS["erp"])
    else:
        load._check_and_record = then_wait(load._check_and_record)
    load.load_landing(duckdb.connect(warehouse), Path(landing), entities=["erp/material"])
""")


def _wait_for(path: Path, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert process.poll() is None, "the loader exited before reaching the kill point"
        assert time.monotonic() < deadline, "the loader never reached the kill point"
        time.sleep(0.05)


@pytest.mark.parametrize("kill_point", ["rows_inserted", "ledger_written"])
def test_sigkill_mid_load_leaves_nothing_and_rerun_loads_fully(tmp_path, landing, kill_point):
    rows = [material_row(f"{n:018d}") for n in range(ROWS)]
    land(
        landing,
        "erp/material",
        "2025-01-01",
        "material_20250101_001.csv",
        "\n".join([MATERIAL_HEADER, *rows]) + "\n",
    )
    warehouse = tmp_path / "killed.duckdb"
    marker = tmp_path / "inserted"
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(warehouse), str(landing), str(marker), kill_point],
        cwd=Path(__file__).resolve().parents[2],
    )
    try:
        _wait_for(marker, child)
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()

    with duckdb.connect(str(warehouse)) as conn:
        left_over = conn.execute(
            "select (select count(*) from raw.erp__material),"
            " (select count(*) from raw._file_ledger),"
            " (select count(*) from raw._quarantine)"
        ).fetchall()
        assert left_over == [(0, 0, 0)]

        rerun = load_landing(conn, landing, entities=["erp/material"])

        assert (rerun[0].files_loaded, rerun[0].rows_loaded) == (1, ROWS)
        assert conn.execute(
            "select count(*), count(distinct _row_number) from raw.erp__material"
        ).fetchall() == [(ROWS, ROWS)]
        assert conn.execute("select rows_read, rows_loaded from raw._file_ledger").fetchall() == [
            (ROWS, ROWS)
        ]
