"""Run the dbt data tests against a warehouse and report them as quality outcomes.

``chainseg check`` gates on dbt's data tests as well as the GX suites. dbt runs as a
subprocess (it takes the write lock, so it runs after GX released the file), unit tests are
left out (they test the SQL, not the data, and run with the code tests), and each test in
``run_results.json`` becomes one outcome: ``fail``/``error`` block, ``warn`` is a warning, and
a test dbt skipped counts as failed, since it was never evaluated.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from expectations.runner import ExpectationOutcome, SuiteOutcome
from settings.dbt import dbt_command, dbt_environment

SUITE_NAME = "dbt_tests"
#: dbt's line for a finished test: ``… 12 of 400 PASS unique_x ….``
_FINISHED = re.compile(r"\b(\d+) of (\d+) (PASS|FAIL|WARN|ERROR|SKIP)\b")
#: seconds between two progress calls
PROGRESS_EVERY = 5.0


def run_dbt_tests(
    warehouse: Path, work_dir: Path, progress: Callable[[int, int], None] | None = None
) -> SuiteOutcome:
    """``dbt test`` (data tests only) on ``warehouse``; artefacts go under ``work_dir``.
    ``progress(finished, total)`` is called every few seconds while dbt runs, and at the end."""
    started = time.perf_counter()
    target = Path(os.environ.get("DBT_TARGET_PATH") or work_dir / "dbt_target")
    env = dbt_environment(
        target,
        Path(os.environ.get("DBT_LOG_PATH") or work_dir / "dbt_logs"),
        CHAINSEG_WAREHOUSE=str(Path(warehouse).resolve()),
    )
    # the gate checks whole tables, never only the rows a daily run has not yet validated
    command = dbt_command(
        "test",
        "--exclude-resource-type",
        "unit_test",
        "--vars",
        json.dumps({"quality_whole_tables": True}),
    )
    results_file = target / "run_results.json"
    results_file.unlink(missing_ok=True)
    completed = _run(command, env, progress)
    suite = SuiteOutcome(SUITE_NAME, (), None)
    if results_file.is_file():
        suite.outcomes = outcomes_from_run_results(json.loads(results_file.read_text()))
    if not suite.outcomes and completed.returncode != 0:
        tail = (completed.stdout + completed.stderr).strip().splitlines()[-5:]
        suite.outcomes = [
            ExpectationOutcome(
                suite=SUITE_NAME,
                name="dbt test",
                expectation_type="dbt_invocation",
                severity="error",
                success=False,
                exception=f"dbt test exited {completed.returncode}: {' | '.join(tail)}",
            )
        ]
    suite.seconds = time.perf_counter() - started
    return suite


def _run(
    command: list[str], env: dict[str, str], progress: Callable[[int, int], None] | None
) -> subprocess.CompletedProcess[str]:
    """Run dbt, its output collected; every few seconds, how many tests have finished."""
    if progress is None:
        return subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    lines: list[str] = []
    finished = total = 0
    said = time.monotonic()
    with subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    ) as process:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line)
            match = _FINISHED.search(line)
            if match:
                finished, total = int(match[1]), int(match[2])
            if total and time.monotonic() - said >= PROGRESS_EVERY:
                progress(finished, total)
                said = time.monotonic()
    if total:
        progress(finished, total)
    return subprocess.CompletedProcess(command, process.returncode, "".join(lines), "")


def outcomes_from_run_results(run_results: dict) -> list[ExpectationOutcome]:
    outcomes = []
    for result in run_results.get("results", []):
        unique_id = result.get("unique_id", "")
        if not unique_id.startswith("test."):
            continue
        status = str(result.get("status", "")).lower()
        failures = result.get("failures")
        outcomes.append(
            ExpectationOutcome(
                suite=SUITE_NAME,
                name=unique_id.split(".")[2] if unique_id.count(".") >= 2 else unique_id,
                expectation_type="dbt_test",
                severity="warning" if status == "warn" else "error",
                success=status == "pass",
                unexpected_count=None if failures is None else int(failures),
                exception=None if status in ("pass", "fail", "warn") else result.get("message"),
            )
        )
    return outcomes
