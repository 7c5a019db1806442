"""Quality suites as Dagster asset checks: one blocking check per suite, on the asset it validates,
run by one step per layer (staging, master data, marts) that opens one Great Expectations
context for all of that layer's suites (a context per suite cost more than most validations).
On a daily run a suite on a table carrying ``_extract_date`` validates its row-level
expectations on the rows not yet validated only (``expectations.delta``), and its watermark
advances when its check has not failed; the full_rebuild job and runs as of a date validate
whole tables (``validates_whole_tables``).

A suite ``expectations/suites/<dataset>.py`` becomes the check ``gx_suite`` on asset
``[<dataset>]`` (the dbt model or seed of that name), computed by the step
``<layer>_quality``. An error-severity failure fails the check
with ``ERROR`` severity, which — the check being blocking — keeps the assets downstream from
materialising in that run; warning failures report ``WARN`` and block nothing. The check's
metadata lists the failed expectations, their unexpected counts and a few offending rows;
its ``failed_detail`` entry carries, per failed expectation, what `chainseg run` prints when
the check fails (suite, expectation, severity, failing-row count, up to five sample rows).

GX is imported only when a check executes, never when these definitions load.
"""

import json
from collections.abc import Iterator, Sequence

import dagster as dg

from expectations.registry import SuiteSpec, suite_specs
from orchestration.warehouse import WarehouseResource
from settings.lock import writer_lock

CHECK_NAME = "gx_suite"
#: Run tag: the run's quality checks read whole tables, not the delta (``validates_whole_tables``).
WHOLE_TABLES_TAG = "chainseg/quality_whole_tables"
#: Sample rows per failed expectation kept in a check's metadata.
SAMPLE_ROWS = 5


def validates_whole_tables(run: dg.DagsterRun) -> bool:
    """Whether a run's quality checks read whole tables instead of the rows not yet validated
    (``expectations.delta``, ``dbt_project/macros/quality_delta.sql``): the full_rebuild job
    and `chainseg run --as-of` tag their runs so; a run whose dbt steps are configured with an
    as-of date or a full refresh (launched from the UI) counts too."""
    if run.tags.get(WHOLE_TABLES_TAG) == "true":
        return True
    ops = (run.run_config or {}).get("ops")
    configs = (
        [op.get("config") or {} for op in (ops or {}).values() if isinstance(op, dict)]
        if isinstance(ops, dict)
        else []
    )
    return any(c.get("as_of_date") or c.get("full_refresh") for c in configs)


def layer(spec: SuiteSpec) -> str:
    """The layer whose quality step runs a suite, from its dataset's dbt naming."""
    if spec.name.startswith("stg_"):
        return "staging"
    if spec.name.startswith("mart_"):
        return "marts"
    return "master"


def check_key(spec: SuiteSpec) -> dg.AssetCheckKey:
    return dg.AssetCheckKey(dg.AssetKey(list(spec.asset_key)), CHECK_NAME)


def quality_step(name: str, specs: Sequence[SuiteSpec]) -> dg.AssetChecksDefinition:
    """The blocking checks of these suites, run by one step against the configured warehouse
    (only the checks a run selects)."""

    @dg.multi_asset_check(
        name=name,
        specs=[
            dg.AssetCheckSpec(
                CHECK_NAME,
                asset=dg.AssetKey(list(spec.asset_key)),
                description=spec.description,
                blocking=True,
            )
            for spec in specs
        ],
        can_subset=True,
    )
    def _checks(
        context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource
    ) -> Iterator[dg.AssetCheckResult]:
        from expectations.delta import plan_deltas, record_watermarks
        from expectations.runner import read_catalog, run_suites

        selected = [s for s in specs if check_key(s) in context.selected_asset_check_keys]
        whole_tables = validates_whole_tables(context.run)
        # Readers lock DuckDB writers out too: wait for, and keep out, other writers.
        with writer_lock(warehouse.warehouse):
            catalog = read_catalog(warehouse.warehouse)
            plans = plan_deltas(
                warehouse.warehouse,
                catalog.tables,
                [s.name for s in selected],
                whole_tables=whole_tables,
            )
            outcomes = run_suites(warehouse.warehouse, selected, deltas=plans)
            # a suite's rows count as validated once its check has not failed
            record_watermarks(
                warehouse.warehouse,
                [plans[o.suite] for o in outcomes if o.suite in plans and not o.blocking_failures],
            )
        for spec, outcome in zip(selected, outcomes, strict=True):
            yield check_result(outcome, spec)

    return _checks


def check_result(outcome, spec: SuiteSpec) -> dg.AssetCheckResult:
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
    return dg.AssetCheckResult(
        passed=not failed,
        severity=severity,
        metadata=metadata,
        asset_key=dg.AssetKey(list(spec.asset_key)),
        check_name=CHECK_NAME,
    )


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
    """One quality step per layer that has suites."""
    by_layer: dict[str, list[SuiteSpec]] = {}
    for spec in suite_specs() if specs is None else specs:
        by_layer.setdefault(layer(spec), []).append(spec)
    return [quality_step(f"{name}_quality", found) for name, found in sorted(by_layer.items())]


defs = dg.Definitions(asset_checks=quality_checks())
