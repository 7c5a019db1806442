"""Reusable pipeline fixtures: generate extracts, ingest them, run dbt, all in a temp home.

Tests of any layer import these helpers instead of writing their own pipeline:

    from tests.pipeline_fixtures import built_demo_warehouse
    path = built_demo_warehouse()          # generate -> ingest -> dbt seed + run, once

Results are cached per process, keyed by the dataset parameters, so every test module of a
pytest session shares one dataset and one warehouse (nothing is rebuilt per module). Work
happens in a temporary home (never the shared ``data/`` folder) that is removed at exit.
dbt runs as a subprocess with its own target and log folders, so concurrent dbt users of the
same project never share artefacts.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from settings.dbt import dbt_command, dbt_environment

#: The demo dataset tests share: the generator's demo scale over a shorter period, so the
#: whole suite stays within minutes on two cores; every segment still occurs.
DEMO = {"scale": 0.01, "days": 120, "seed": 42}

_ROOT = Path(tempfile.mkdtemp(prefix="chainseg-tests-"))
atexit.register(shutil.rmtree, _ROOT, True)
_CACHE: dict[tuple[Any, ...], Any] = {}


@dataclass(frozen=True)
class DbtResult:
    """One dbt invocation: its exit code, output and parsed ``run_results.json``."""

    returncode: int
    stdout: str
    run_results: dict[str, Any]

    def compiled_code(self) -> dict[str, str]:
        """Node name → the SQL dbt compiled and ran for it."""
        return {
            r["unique_id"].split(".")[-1]: r["compiled_code"]
            for r in self.run_results.get("results", [])
        }

    def failures(self) -> list[str]:
        """``unique_id: status`` of every node that did not pass or succeed."""
        return [
            f"{r['unique_id']}: {r['status']}"
            for r in self.run_results.get("results", [])
            if r["status"] not in ("pass", "success")
        ]


def _key(**params: Any) -> tuple[Any, ...]:
    return tuple(sorted(params.items()))


def generated_landing(scale: float, days: int, seed: int) -> Path:
    """A landing folder written by the generator for these parameters (cached)."""
    key = ("landing", *_key(scale=scale, days=days, seed=seed))
    if key not in _CACHE:
        from generator import generate

        out = _ROOT / f"landing-{scale}-{days}-{seed}"
        generate(out, scale=scale, days=days, seed=seed)
        _CACHE[key] = out
    return _CACHE[key]


def manifest(landing: Path) -> dict[str, Any]:
    """The generator's ``_manifest.json`` of a landing folder."""
    return json.loads((landing / "_manifest.json").read_text(encoding="utf-8"))


def ingest(landing: Path, warehouse: Path) -> None:
    """Create the raw schema and load every landed file into ``warehouse``."""
    from ingestion import ensure_raw_schema, load_landing

    warehouse.parent.mkdir(parents=True, exist_ok=True)
    conn = duckdb.connect(str(warehouse))
    try:
        ensure_raw_schema(conn)
        load_landing(conn, landing)
    finally:
        conn.close()


def dbt(warehouse: Path, *args: str, work: Path | None = None, **settings: str) -> DbtResult:
    """Run ``dbt <args>`` against ``warehouse`` with private target/log folders (and extra
    ``CHAINSEG_*`` settings, e.g. ``CHAINSEG_THREADS="4"``)."""
    work = work or warehouse.parent
    target = work / "dbt_target"
    environment = dbt_environment(
        target, work / "dbt_logs", CHAINSEG_WAREHOUSE=str(warehouse), **settings
    )
    proc = subprocess.run(
        dbt_command(*args),
        env=environment,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    results_file = target / "run_results.json"
    results = json.loads(results_file.read_text()) if results_file.exists() else {}
    if results_file.exists():
        results_file.unlink()  # never let a later call read this call's results
    return DbtResult(proc.returncode, proc.stdout + proc.stderr, results)


def built_warehouse(scale: float, days: int, seed: int) -> Path:
    """Generate -> ingest -> ``dbt seed`` + ``dbt run`` for these parameters (cached).

    Raises ``RuntimeError`` naming the failed nodes when a seed or model fails; dbt data
    and unit tests are left to the tests that assert on them (``dbt_test_result``).
    """
    key = ("warehouse", *_key(scale=scale, days=days, seed=seed))
    if key not in _CACHE:
        landing = generated_landing(scale, days, seed)
        home = _ROOT / f"home-{scale}-{days}-{seed}"
        warehouse = home / "warehouse.duckdb"
        ingest(landing, warehouse)
        for step in (("seed",), ("run",)):
            result = dbt(warehouse, *step)
            if result.returncode != 0:
                raise RuntimeError(
                    f"dbt {step[0]} failed: {result.failures() or result.stdout[-2000:]}"
                )
        _CACHE[key] = warehouse
    return _CACHE[key]


def built_demo_warehouse() -> Path:
    """The shared demo warehouse (``DEMO`` parameters), built once per process."""
    return built_warehouse(**DEMO)


def scratch_warehouse(copy_demo: bool = True) -> Path:
    """A writable warehouse at one fixed scratch path, optionally a copy of the demo one.

    Tests that rerun dbt use this instead of the shared demo warehouse (which other tests
    read). Always the same path and dbt target folder, so dbt can reuse its parsed project
    between these tests (a different warehouse path would force a full parse each time).
    """
    path = _ROOT / "scratch" / "warehouse.duckdb"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    Path(f"{path}.wal").unlink(missing_ok=True)
    if copy_demo:
        shutil.copyfile(built_demo_warehouse(), path)
    return path


def demo_landing() -> Path:
    """The landing folder the demo warehouse was built from."""
    return generated_landing(**DEMO)


def dbt_test_result(*select: str) -> DbtResult:
    """``dbt test`` (data and unit tests) on the demo warehouse, once per process and
    selection (``dbt_test_result("staging", "facts")``; none = the whole project)."""
    key = ("dbt_test", select, *_key(**DEMO))
    if key not in _CACHE:
        args = ("--select", *select) if select else ()
        # On a copy: dbt opens the file for writing, which other tests' open read-only
        # connections to the demo warehouse would block.
        _CACHE[key] = dbt(scratch_warehouse(), "test", *args)
    return _CACHE[key]


def chainseg_cli(*args: str, home: Path, landing: Path) -> subprocess.CompletedProcess[str]:
    """``chainseg <args>`` in a fresh process on data home ``home`` and landing ``landing``
    (the warehouse and the Dagster instance under ``home``, whatever this process set)."""
    env = {**os.environ, "CHAINSEG_HOME": str(home), "CHAINSEG_LANDING_DIR": str(landing)}
    env.pop("DAGSTER_HOME", None)
    env.pop("CHAINSEG_WAREHOUSE", None)
    return subprocess.run(
        [sys.executable, "-m", "chainseg.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=1800,
    )
