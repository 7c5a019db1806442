"""Shared by the fault suites: the small landing, and one clean run to compare against."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import duckdb
import pytest

from settings.dbt import BUILT_INPUTS
from tests.faults.harness import STEP_START, environment, mart_checksums, start
from tests.pipeline_fixtures import generated_landing

#: small enough that ~15 full runs fit in CI's budget, large enough for every mart to fill
LANDING = {"scale": 0.01, "days": 30, "seed": 42}
#: marts that compare two periods, empty on the one month these runs hold (and the segment
#: history has only the run's own period until a backfill)
TWO_PERIOD_MARTS = {"mart_segment_migration", "mart_margin_erosion_month"}
STEP_DONE = re.compile(r"^  (ingest|transform): (\S+) done \((\d+\.\d) s\)$")


class CleanRun:
    """The uninterrupted run: its home, output, step durations and mart checksums."""

    def __init__(self, home: Path, landing: Path, output: str) -> None:
        self.home, self.landing, self.output = home, landing, output
        self.steps = [m[2] for m in map(STEP_START.match, output.splitlines()) if m]
        self.seconds = {m[2]: float(m[3]) for m in map(STEP_DONE.match, output.splitlines()) if m}
        self.marts = mart_checksums(home / "warehouse.duckdb")

    def env(self, home: Path, **extra: str) -> dict[str, str]:
        return environment(home, self.landing, **extra)

    def forget_built_inputs(self, home: Path) -> None:
        """Make the next run on ``home`` build every model again, as after a code change: a
        run with nothing new landed leaves every model as built (orchestration/unchanged.py),
        and a kill inside its dbt and quality steps needs steps to kill."""
        conn = duckdb.connect(str(home / "warehouse.duckdb"))
        try:
            conn.execute(f"delete from {BUILT_INPUTS}")
        finally:
            conn.close()

    def copy_home(self, to: Path) -> Path:
        """A data home where everything is loaded, built and published, as after the clean run
        (the publication's role symlinks copied as symlinks)."""
        shutil.copytree(self.home, to, symlinks=True, ignore=shutil.ignore_patterns("logs", "dbt"))
        return to


@pytest.fixture(scope="session")
def clean(tmp_path_factory) -> CleanRun:
    landing = generated_landing(**LANDING)
    home = tmp_path_factory.mktemp("clean")
    code, output = start("run", env=environment(home, landing)).finish()
    assert code == 0, output[-3000:]
    run = CleanRun(home, landing, output)
    filled = {mart: rows for mart, (rows, _) in run.marts.items() if mart not in TWO_PERIOD_MARTS}
    assert len(filled) >= 10 and all(filled.values()), run.marts
    return run
