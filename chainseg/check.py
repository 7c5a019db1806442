"""``chainseg check``: the CI data-quality gate over the current warehouse.

Runs every GX suite in ``expectations/suites`` and the dbt data tests, prints each failed
error-severity expectation (suite, expectation, failing-row count and up to five failing
rows) and the path of the HTML report, writes JUnit XML when
asked, and returns the exit code: 0 when no error-severity check failed, 1 otherwise (2 when
the warehouse cannot be opened at all). Publication calls the same gate before publishing.
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from settings.lock import writer_lock

REPORT_NAME = "quality_report.html"
#: Failing rows printed per failed expectation (the reports carry the same sample).
SAMPLE_ROWS = 5
RESULTS_NAME = "quality_results.json"


def run_check(
    warehouse: Path,
    *,
    junit: Path | None,
    report_dir: Path,
    run_dbt_tests: bool = True,
    wait_for_writers: bool = True,
    suites: Sequence[str] | None = None,
    progress: bool = False,
) -> int:
    """Validate ``warehouse``; reports go to ``report_dir``; returns the exit code.

    With ``wait_for_writers`` the gate takes the warehouse's writer lock for its duration (a
    DuckDB reader locks writers out, and ``dbt test`` opens the file for writing). A caller
    that already holds that lock in this process passes ``False``: ``flock`` would deadlock.
    ``suites`` restricts the gate to the named suites (default: every suite). With
    ``progress`` a line per suite, and every few seconds of ``dbt test``, says how far it is.
    """
    lock = writer_lock(Path(warehouse)) if wait_for_writers else contextlib.nullcontext()
    with lock:
        outcomes = _validate(Path(warehouse), Path(report_dir), run_dbt_tests, suites, progress)
    if outcomes is None:
        return 2
    return _report(outcomes, junit, Path(report_dir))


def _validate(
    warehouse: Path,
    report_dir: Path,
    run_dbt_tests: bool,
    names: Sequence[str] | None,
    progress: bool = False,
) -> list | None:
    from expectations.registry import suite_specs
    from expectations.runner import WarehouseUnavailable, run_suites

    specs = suite_specs(None if names is None else list(names))
    done = 0

    def suite_done(suite) -> None:
        nonlocal done
        done += 1
        verdict = "FAILED" if suite.blocking_failures else "passed"
        _say(f"  suite {done}/{len(specs)} {suite.suite} {verdict} ({suite.seconds:.1f} s)")

    if progress:
        tests = " and the dbt tests" if run_dbt_tests else ""
        _say(f"chainseg check: {len(specs)} suites{tests} on {warehouse} …")
    try:
        suites = run_suites(warehouse, specs, on_suite=suite_done if progress else None)
    except WarehouseUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return None
    if run_dbt_tests:
        from expectations.dbt_tests import run_dbt_tests as dbt_tests

        def tests_done(finished: int, total: int) -> None:
            _say(f"  dbt test: {finished}/{total} tests")

        if progress:
            _say("  dbt test …")
        suites.append(dbt_tests(warehouse, report_dir, tests_done if progress else None))
    return suites


def _say(line: str) -> None:
    print(line, flush=True)


def _report(suites: list, junit: Path | None, report_dir: Path) -> int:
    from expectations.report import write_html, write_json, write_junit

    for suite in suites:
        for failure in suite.blocking_failures:
            print(f"FAILED {suite.suite}: {failure.name} — {_one_line(_failing(failure))}")
            for row in failure.sample[:SAMPLE_ROWS]:
                print(f"    {_one_line(json.dumps(row, default=str), 300)}")
    if junit is not None:
        write_junit(suites, Path(junit))
    write_json(suites, report_dir / RESULTS_NAME)
    html_path = write_html(suites, report_dir / REPORT_NAME)

    expectations = sum(len(s.outcomes) for s in suites)
    blocking = sum(len(s.blocking_failures) for s in suites)
    warnings = sum(len(s.failed) for s in suites) - blocking
    verdict = "failed" if blocking else "passed"
    print(
        f"quality gate {verdict}: {len(suites)} suites, {expectations} expectations, "
        f"{blocking} error failures, {warnings} warnings"
    )
    print(f"report: {html_path}")
    return 1 if blocking else 0


def _failing(failure) -> str:
    """``N failing rows [of M]``, or the exception that kept the expectation from running."""
    from chainseg.summary import failing_rows

    if failure.exception:
        return failure.exception
    if failure.unexpected_count is None:
        return "failed"
    return failing_rows(failure.unexpected_count, failure.element_count)


def _one_line(text: str, limit: int = 200) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"
