"""Quality suites as Dagster asset checks: one blocking check per suite, on the asset it validates.

A suite ``expectations/suites/<dataset>.py`` becomes the check ``gx_suite`` on asset
``[<dataset>]`` (the dbt model or seed of that name). An error-severity failure fails the check
with ``ERROR`` severity, which — the check being blocking — keeps the assets downstream from
materialising in that run; warning failures report ``WARN`` and block nothing. The check's
metadata lists the failed expectations, their unexpected counts and a few offending rows;
its ``failed_detail`` entry carries, per failed expectation, what `chainseg run` prints when
the check fails (suite, expectation, severity, failing-row count, up to five sample rows).

GX is imported only when a check executes, never when these definitions load.
"""

import json
from collections.abc import Sequence

import dagster as dg

from expectations.registry import SuiteSpec, suite_specs
from orchestration.warehouse import WarehouseResource
from settings.lock import writer_lock

CHECK_NAME = "gx_suite"
#: Sample rows per failed expectation kept in a check's metadata.
SAMPLE_ROWS = 5


def quality_check(spec: SuiteSpec) -> dg.AssetChecksDefinition:
    """The blocking asset check that runs one suite against the configured warehouse."""

    @dg.asset_check(
        asset=dg.AssetKey(list(spec.asset_key)),
        name=CHECK_NAME,
        description=spec.description,
        blocking=True,
    )
    def _check(warehouse: WarehouseResource) -> dg.AssetCheckResult:
        from expectations.runner import run_suites

        # Readers lock DuckDB writers out too: wait for, and keep out, other writers.
        with writer_lock(warehouse.warehouse):
            [outcome] = run_suites(warehouse.warehouse, [spec])
        return check_result(outcome)

    return _check


def check_result(outcome) -> dg.AssetCheckResult:
    """Passed, or failed with ERROR (blocks) / WARN severity, with what failed as metadata."""
    failed = outcome.failed
    metadata: dict[str, dg.MetadataValue] = {
        "table": dg.MetadataValue.text(outcome.table or "missing"),
        "expectations": dg.MetadataValue.int(len(outcome.outcomes)),
        "failed_expectations": dg.MetadataValue.int(len(failed)),
        "seconds": dg.MetadataValue.float(round(outcome.seconds, 3)),
    }
    if failed:
        metadata["failures"] = dg.MetadataValue.md(_failure_table(failed))
        metadata["unexpected_counts"] = dg.MetadataValue.json(
            {o.name: o.unexpected_count for o in failed}
        )
        metadata["sample_rows"] = dg.MetadataValue.json(
            {o.name: _plain(o.sample[:SAMPLE_ROWS]) for o in failed if o.sample}
        )
        # blocking failures first: they are what a reader of a failed check looks for
        ordered = sorted(failed, key=lambda o: o.severity != "error")
        metadata["failed_detail"] = dg.MetadataValue.json([_detail(o) for o in ordered])
    blocks = bool(outcome.blocking_failures)
    severity = dg.AssetCheckSeverity.ERROR if blocks else dg.AssetCheckSeverity.WARN
    return dg.AssetCheckResult(passed=not failed, severity=severity, metadata=metadata)


def _detail(outcome) -> dict:
    return {
        "suite": outcome.suite,
        "expectation": outcome.name,
        "severity": outcome.severity,
        "unexpected_count": outcome.unexpected_count,
        "element_count": outcome.element_count,
        "exception": outcome.exception,
        # as JSON text, so a row keeps its column order (Dagster sorts the keys of JSON)
        "sample_rows": [json.dumps(row, default=str) for row in outcome.sample[:SAMPLE_ROWS]],
    }


def _plain(rows) -> list:
    """Rows as JSON values (dates and decimals as text), as Dagster stores metadata."""
    return json.loads(json.dumps(list(rows), default=str))


def _failure_table(failed: Sequence) -> str:
    lines = ["| expectation | severity | unexpected | detail |", "|---|---|---|---|"]
    for o in failed:
        detail = o.exception or (json.dumps(o.sample[0], default=str) if o.sample else "")
        detail = " ".join(detail.split()).replace("|", "\\|")[:300]
        count = "" if o.unexpected_count is None else str(o.unexpected_count)
        lines.append(f"| {o.name.replace('|', '/')} | {o.severity} | {count} | {detail} |")
    return "\n".join(lines)


def quality_checks(specs: Sequence[SuiteSpec] | None = None) -> list[dg.AssetChecksDefinition]:
    return [quality_check(spec) for spec in (suite_specs() if specs is None else specs)]


defs = dg.Definitions(asset_checks=quality_checks())
