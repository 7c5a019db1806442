"""Where chainseg keeps its data: one function resolves every path from the environment.

``CHAINSEG_HOME`` is the data home (default ``<project>/data``); ``CHAINSEG_LANDING_DIR``
and ``CHAINSEG_WAREHOUSE`` override its parts. Every path returned is absolute, so the
warehouse is the same file whatever the working directory of dbt, Dagster or a test.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"
SEEDS_DIR = PROJECT_ROOT / "seeds"
REPORTING_CURRENCY = "EUR"


@dataclass(frozen=True)
class Paths:
    home: Path
    landing: Path
    warehouse: Path
    publish: Path
    reports: Path
    dagster_storage: Path

    def ensure(self) -> Paths:
        for folder in (
            self.home,
            self.landing,
            self.publish,
            self.reports,
            self.dagster_storage,
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
        reports=home / "reports",
        dagster_storage=home / "dagster",
    )


def export_environment(p: Paths) -> None:
    """Publish the resolved paths to child processes (dbt, Dagster runs) as absolute paths."""
    os.environ["CHAINSEG_HOME"] = str(p.home)
    os.environ["CHAINSEG_LANDING_DIR"] = str(p.landing)
    os.environ["CHAINSEG_WAREHOUSE"] = str(p.warehouse)
    os.environ["CHAINSEG_DAGSTER_STORAGE"] = str(p.dagster_storage)
    os.environ.setdefault("DAGSTER_HOME", str(PROJECT_ROOT))
    # A catch-up run lands hundreds of extract dates at once: without this the SQLite event
    # log writes one "planned" event per asset and date (thousands, minutes) instead of one.
    os.environ.setdefault("DAGSTER_EMIT_PARTITION_SUBSET_IN_PLANNED_EVENTS", "1")


def dbt_executable() -> Path:
    """The dbt installed beside this Python, whatever PATH the caller was started with."""
    return Path(sys.executable).with_name("dbt")


def dbt_command(*args: str) -> list[str]:
    """``dbt <args>`` on this project, runnable from any working directory."""
    project = str(DBT_PROJECT_DIR)
    return [str(dbt_executable()), *args, "--project-dir", project, "--profiles-dir", project]


def dbt_environment(target: Path, logs: Path, **settings: str) -> dict[str, str]:
    """This process's environment plus private dbt artefact folders (so concurrent callers
    never read each other's ``run_results.json``) and ``CHAINSEG_*`` settings."""
    return {**os.environ, "DBT_TARGET_PATH": str(target), "DBT_LOG_PATH": str(logs), **settings}


@dataclass(frozen=True)
class DailySchedule:
    cron: str
    timezone: str


def daily_schedule_settings(env: dict[str, str] | None = None) -> DailySchedule:
    """When the daily materialisation runs: ``CHAINSEG_DAILY_CRON`` in ``CHAINSEG_TIMEZONE``."""
    env = dict(os.environ if env is None else env)
    return DailySchedule(
        cron=env.get("CHAINSEG_DAILY_CRON") or "0 6 * * *",
        timezone=env.get("CHAINSEG_TIMEZONE") or "Europe/Berlin",
    )
