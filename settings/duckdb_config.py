"""How every DuckDB connection runs: worker threads, memory limit, spill folder.

One source of truth for dbt (the profile reads the exported ``CHAINSEG_*`` values), ingestion,
the Great Expectations connection and publication:

- ``CHAINSEG_THREADS``: DuckDB worker threads (default: every core of the machine; reruns are
  bit-identical whatever the count, see ``dbt_project/macros/exact_sums.sql``);
- ``CHAINSEG_MEMORY_LIMIT``: DuckDB ``memory_limit`` (default: half of the machine's RAM);
- ``CHAINSEG_TEMP_DIRECTORY``: where DuckDB spills when over the limit (default
  ``<data home>/tmp/duckdb``); emptied after each run by :func:`clean_temp_directory`.

Dagster-free and layer-free like the rest of ``settings/``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from settings.environment import number_setting

#: share of the machine's RAM DuckDB may use when CHAINSEG_MEMORY_LIMIT is not set
MEMORY_SHARE = 0.5


def _env(env: Mapping[str, str] | None) -> Mapping[str, str]:
    return os.environ if env is None else env


def threads(env: Mapping[str, str] | None = None) -> int:
    """DuckDB worker threads: ``CHAINSEG_THREADS``, else every core."""
    return number_setting(
        "CHAINSEG_THREADS",
        os.cpu_count() or 1,
        parse=int,
        minimum=1,
        expected="a whole number of threads",
        env=env,
    )


def _total_memory() -> int:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return 4 * 2**30


def memory_limit(env: Mapping[str, str] | None = None) -> str:
    """DuckDB memory limit: ``CHAINSEG_MEMORY_LIMIT`` (e.g. ``2GB``), else half of the RAM."""
    text = _env(env).get("CHAINSEG_MEMORY_LIMIT")
    if text:
        return text
    return f"{max(int(_total_memory() * MEMORY_SHARE) // 2**20, 256)}MB"


def temp_directory(home: Path, env: Mapping[str, str] | None = None) -> Path:
    """DuckDB's spill folder: ``CHAINSEG_TEMP_DIRECTORY``, else ``<home>/tmp/duckdb``."""
    text = _env(env).get("CHAINSEG_TEMP_DIRECTORY")
    return Path(text).expanduser().resolve() if text else home / "tmp" / "duckdb"


def _home(env: Mapping[str, str]) -> Path:
    # the same resolution as settings.paths.paths(), without importing the whole Paths
    from settings.paths import paths

    return paths(dict(env)).home


def environment(home: Path, env: Mapping[str, str] | None = None) -> dict[str, str]:
    """The resolved settings as ``CHAINSEG_*`` variables for dbt's profile."""
    spill = temp_directory(home, env)
    spill.parent.mkdir(parents=True, exist_ok=True)  # DuckDB makes only the last level
    return {
        "CHAINSEG_THREADS": str(threads(env)),
        "CHAINSEG_MEMORY_LIMIT": memory_limit(env),
        "CHAINSEG_TEMP_DIRECTORY": str(spill),
    }


def statements(env: Mapping[str, str] | None = None) -> list[str]:
    """The ``SET`` statements that apply the settings to one DuckDB connection."""
    env = _env(env)
    spill = temp_directory(_home(env), env)
    spill.parent.mkdir(parents=True, exist_ok=True)  # DuckDB makes only the last level
    literal = str(spill).replace("'", "''")
    return [
        f"SET threads = {threads(env)}",
        f"SET memory_limit = '{memory_limit(env)}'",
        f"SET temp_directory = '{literal}'",
    ]


def configure(connection: Any, env: Mapping[str, str] | None = None) -> Any:
    """Apply threads, memory limit and spill folder to a DuckDB connection; return it."""
    for statement in statements(env):
        connection.execute(statement)
    return connection


def clean_temp_directory(home: Path, env: Mapping[str, str] | None = None) -> None:
    """Remove what DuckDB left in the spill folder (after a run, when nothing is open)."""
    shutil.rmtree(temp_directory(home, env), ignore_errors=True)
