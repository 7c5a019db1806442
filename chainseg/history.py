"""`chainseg history backfill`: launch the history backfill and the migration mart's rebuild
on the persistent Dagster instance (recorded like every run, visible in `chainseg ui`)."""

from __future__ import annotations

from datetime import date

from chainseg.errors import ChainsegError
from settings.paths import Paths


def backfill_command(paths: Paths, *, start: date | None, end: date | None) -> int:
    if start and end and start > end:
        raise ChainsegError(f"--from {start} is after --to {end}")
    if not paths.warehouse.exists():
        raise ChainsegError(f"no warehouse at {paths.warehouse}: run `chainseg run` first")
    import warnings

    import dagster as dg

    from chainseg.preflight import open_warehouse
    from chainseg.recovery import release_dead_runs, wait_for_pool
    from chainseg.run import _execute
    from history.backfill import BackfillError, plan
    from settings.dbt import prepare_manifest

    prepare_manifest()
    warnings.filterwarnings("ignore", category=dg.BetaWarning)
    warnings.filterwarnings("ignore", category=dg.PreviewWarning)
    from orchestration.definitions import defs
    from orchestration.warehouse import POOL

    instance = dg.DagsterInstance.get()
    release_dead_runs(instance, say=lambda line: print(f"  {line}", flush=True))
    open_warehouse(paths.warehouse)
    wait_for_pool(instance, POOL)
    try:
        periods = plan(paths.warehouse, start=start, end=end)
    except BackfillError as error:
        raise ChainsegError(str(error)) from None
    print(
        f"chainseg history backfill: {len(periods)} period ends {periods[0]} … {periods[-1]}, "
        f"warehouse {paths.warehouse}",
        flush=True,
    )
    config = {"period_ends": [p.isoformat() for p in periods]}
    result, _ = _execute(
        instance,
        defs.resolve_job_def("history_backfill"),
        label="history",
        log_dir=paths.home / "logs",
        run_config={"ops": {"segment_history_backfill": {"config": config}}},
    )
    if not result.success:
        raise ChainsegError("the backfill failed; see the run's log above and `chainseg ui`")
    result, progress = _execute(
        instance,
        defs.resolve_job_def("history_marts"),
        label="history-marts",
        log_dir=paths.home / "logs",
    )
    from chainseg.summary import history_line

    print(history_line(paths.warehouse))
    if not result.success or progress.checks_failed:
        raise ChainsegError(
            "the history is recorded but a mart built on it failed to build or a check "
            "failed; see `chainseg ui`"
        )
    return 0
