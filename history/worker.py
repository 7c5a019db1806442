"""The backfill's worker: dbt parses the project once, then builds and records period after
period in this one process (a dbt invocation with a new ``--vars`` would parse it again).

``python -m history.worker WAREHOUSE SCRATCH TARGET PERIOD_END...``: for each period end P,
``dbt build`` of ``segment_history_current`` and its upstream (seeds and models) as of P on
the scratch copy, then P's rows replace period P in the warehouse's history
(``history.backfill.write_period``). One line per period on stdout; exit 1 with the reason
on the last line when a build fails.

The manifest is parsed with the first period's as-of date: the models' configs that depend
on an as-of date being set (the incremental staging models' full refresh) are then those of
every backfill period, and each build renders its SQL with its own ``--vars``.
"""

from __future__ import annotations

import json
import os
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

from history.backfill import CURRENT, BackfillError, write_period
from settings.paths import DBT_PROJECT_DIR


def _vars(period: date) -> str:
    return json.dumps({"as_of_date": period.isoformat()})


def main(argv: list[str]) -> int:
    warehouse, scratch, target = (Path(a) for a in argv[:3])
    periods = [date.fromisoformat(a) for a in argv[3:]]
    os.environ.update(
        {
            "CHAINSEG_WAREHOUSE": str(scratch),
            "DBT_TARGET_PATH": str(target),
            "DBT_LOG_PATH": str(target),
        }
    )
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager
    from dbt.cli.main import dbtRunner

    project = ["--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR)]
    parsed = dbtRunner().invoke(["parse", "--vars", _vars(periods[0]), "--quiet", *project])
    if not parsed.success:
        print(f"dbt parse failed: {parsed.exception} (log {target / 'dbt.log'})", flush=True)
        return 1
    manifest: Any = parsed.result
    for period in periods:
        started = time.perf_counter()
        built = dbtRunner(manifest=manifest).invoke(
            [
                "build",
                "--select",
                f"+{CURRENT}",
                "--resource-type",
                "model",
                "--resource-type",
                "seed",
                "--vars",
                _vars(period),
                "--quiet",
                *project,
            ]
        )
        # dbt-duckdb keeps the scratch open in this process: closed before it is attached
        DuckDBConnectionManager.close_all_connections()
        if not built.success:
            results: Any = built.result or []
            failed = [
                f"{r.node.name}: {r.message}" for r in results if str(r.status) in ("error", "fail")
            ]
            reason = failed[0] if failed else built.exception
            print(f"dbt build as of {period} failed: {reason} (log {target / 'dbt.log'})")
            return 1
        try:
            rows = write_period(warehouse, scratch, period)
        except BackfillError as error:
            print(error, flush=True)
            return 1
        print(
            f"period {period}: {rows} rows recorded ({time.perf_counter() - started:.1f} s)",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
