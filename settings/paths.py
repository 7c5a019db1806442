"""Where chainseg keeps its data: one function resolves every path from the environment.

``CHAINSEG_HOME`` is the data home (default ``<project>/data``); ``CHAINSEG_LANDING_DIR``
and ``CHAINSEG_WAREHOUSE`` override its parts. Every path returned is absolute, so the
warehouse is the same file whatever the working directory of dbt, Dagster or a test.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"
SEEDS_DIR = PROJECT_ROOT / "seeds"


@dataclass(frozen=True)
class Paths:
    home: Path
    landing: Path
    warehouse: Path
    publish: Path
    #: the operational feeds (TMS, ATP, WMS) written after the publication
    feeds: Path
    reports: Path
    dagster_storage: Path
    #: one folder per dbt invocation (artefacts and dbt.log), pruned to the newest few
    dbt_runs: Path

    def ensure(self) -> Paths:
        for folder in (
            self.home,
            self.landing,
            self.publish,
            self.feeds,
            self.reports,
            self.dagster_storage,
            self.dbt_runs,
            self.warehouse.parent,
        ):
            folder.mkdir(parents=True, exist_ok=True)
        return self


def paths(env: dict[str, str] | None = None) -> Paths:
    """Resolve the data home and its parts from ``env`` (default: the process environment)."""
    env = dict(os.environ if env is None else env)
    home = Path(env.get("CHAINSEG_HOME") or PROJECT_ROOT / "data").expanduser().resolve()
    landing = Path(env.get("CHAINSEG_LANDING_DIR") or home / "landing").expanduser().resolve()
    warehouse = Path(env.get("CHAINSEG_WAREHOUSE") or home / "warehouse.duckdb")
    return Paths(
        home=home,
        landing=landing,
        warehouse=warehouse.expanduser().resolve(),
        publish=home / "publish",
        feeds=home / "feeds",
        reports=home / "reports",
        dagster_storage=home / "dagster",
        dbt_runs=home / "dbt",
    )


def export_environment(p: Paths) -> None:
    """Publish the resolved paths to child processes (dbt, Dagster runs) as absolute paths.

    Called by the command line once, before it starts anything; never at import time.
    """
    os.environ["CHAINSEG_HOME"] = str(p.home)
    os.environ["CHAINSEG_LANDING_DIR"] = str(p.landing)
    os.environ["CHAINSEG_WAREHOUSE"] = str(p.warehouse)
    os.environ["CHAINSEG_DAGSTER_STORAGE"] = str(p.dagster_storage)
    # DuckDB threads, memory limit and spill folder, resolved once (dbt's profile reads them)
    from settings.duckdb_config import environment

    os.environ.update(environment(p.home))
    os.environ.setdefault("DAGSTER_HOME", str(PROJECT_ROOT))
    # A catch-up run lands hundreds of extract dates at once: without this the SQLite event
    # log writes one "planned" event per asset and date (thousands, minutes) instead of one.
    os.environ.setdefault("DAGSTER_EMIT_PARTITION_SUBSET_IN_PLANNED_EVENTS", "1")
    # ... and hands a ranged step's per-date materialisations to the event log together, which
    # writes them in one transaction (orchestration/instance.py)
    os.environ.setdefault("DAGSTER_EVENT_BATCH_SIZE", "1000")
