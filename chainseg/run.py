"""`chainseg run`: launch the ingest and transform jobs on the persistent Dagster instance.

The runs execute in this process but are recorded in the instance under the data home, so
they appear in `chainseg ui`'s run history exactly like runs launched from the UI. A small
thread tails the run's event log to show progress; the summary at the end reads the
warehouse (rows per layer, quarantine by rule, segment counts) after the writer has finished.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import threading
import time
import uuid
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from chainseg.errors import ChainsegError
from chainseg.preflight import check_warehouse_path, open_warehouse
from chainseg.recovery import launch_tags, release_dead_runs, wait_for_pool
from chainseg.summary import (
    failed_check_lines,
    feeds_line,
    print_ingest_summary,
    print_warehouse_summary,
    publication_line,
    warned_check_lines,
)
from settings.paths import Paths

if TYPE_CHECKING:  # imported where used: ``chainseg --help`` does not load ingestion
    from ingestion.landing import Discovery

PARTITION_RANGE_START = "dagster/asset_partition_range_start"
PARTITION_RANGE_END = "dagster/asset_partition_range_end"


def _contiguous_ranges(ordered: Sequence[str], wanted: set[str]) -> list[tuple[str, str]]:
    """Split the wanted keys into ranges of neighbours in the partition order."""
    ranges: list[tuple[str, str]] = []
    start = prev = None
    for key in ordered:
        if key in wanted:
            start = start or key
            prev = key
        elif start:
            ranges.append((start, prev))  # type: ignore[arg-type]
            start = None
    if start:
        ranges.append((start, prev))  # type: ignore[arg-type]
    return ranges


class _Progress(threading.Thread):
    """Prints one line per finished step and check of a run while it executes."""

    def __init__(self, instance, run_id: str, label: str) -> None:
        super().__init__(daemon=True)
        self.instance, self.run_id, self.label = instance, run_id, label
        self.out = sys.stdout  # the terminal, captured before the run's output is redirected
        self.done = threading.Event()
        self.checks_passed = self.checks_warned = self.checks_failed = 0
        self.failed_checks: list[str] = []
        # per failed check: the expectations or dbt test that failed, counts and sample rows
        self.failure_details: dict[str, list[str]] = {}
        # per check that passed with warnings: the warning expectations and their rows
        self.warned_checks: list[str] = []
        self.warning_details: dict[str, list[str]] = {}

    def run(self) -> None:
        from dagster import AssetCheckSeverity, DagsterEventType

        cursor: str | None = None
        wanted = {
            DagsterEventType.STEP_START,
            DagsterEventType.STEP_SUCCESS,
            DagsterEventType.STEP_FAILURE,
            DagsterEventType.STEP_SKIPPED,
            DagsterEventType.ASSET_CHECK_EVALUATION,
            DagsterEventType.ENGINE_EVENT,  # "Step blocked by limit for pool …"
        }
        # materialisations only feed the terminal's running count of a step's assets: not
        # read (and not deserialised, previews and pictures included) when nobody sees it;
        # this thread shares the interpreter with the run's steps
        if self.out.isatty():
            wanted.add(DagsterEventType.ASSET_MATERIALIZATION)
        materialised: dict[str, int] = {}
        started: dict[str, float] = {}
        self.blocked: dict[str, tuple[str, float, float]] = {}  # step → pool, since, last said
        while True:
            finished = self.done.is_set()
            # only the new events of the wanted types since the last poll
            page = self.instance.get_records_for_run(self.run_id, cursor=cursor, of_type=wanted)
            cursor = page.cursor
            for record in (r.event_log_entry for r in page.records):
                event = record.dagster_event
                if event is None:
                    continue
                step = event.step_key or ""
                if event.event_type == DagsterEventType.ENGINE_EVENT:
                    pool = getattr(event.event_specific_data, "metadata", {}).get("pool")
                    if pool is not None and step:
                        self.blocked.setdefault(step, (str(pool.value), time.monotonic(), 0.0))
                    continue
                if event.event_type == DagsterEventType.STEP_START:
                    self.blocked.pop(step, None)
                    started[step] = record.timestamp
                    self._say(f"  {self.label}: {step} …")
                elif event.event_type == DagsterEventType.ASSET_MATERIALIZATION:
                    materialised[step] = materialised.get(step, 0) + 1
                    if self.out.isatty():
                        self.out.write(f"\r  {self.label}: {step} … {materialised[step]} assets")
                        self.out.flush()
                elif event.event_type == DagsterEventType.ASSET_CHECK_EVALUATION:
                    evaluation = event.event_specific_data
                    if evaluation.passed:
                        self.checks_passed += 1
                    elif evaluation.severity == AssetCheckSeverity.WARN:
                        self.checks_warned += 1
                        name = f"{evaluation.asset_key.to_user_string()}:{evaluation.check_name}"
                        self.warned_checks.append(name)
                        self.warning_details[name] = warned_check_lines(evaluation.metadata)
                    else:
                        self.checks_failed += 1
                        name = f"{evaluation.asset_key.to_user_string()}:{evaluation.check_name}"
                        self.failed_checks.append(name)
                        self.failure_details[name] = failed_check_lines(
                            evaluation.check_name, evaluation.metadata
                        )
                else:
                    took = record.timestamp - started.get(step, record.timestamp)
                    verdict = {
                        DagsterEventType.STEP_SUCCESS: "done",
                        DagsterEventType.STEP_FAILURE: "FAILED",
                        DagsterEventType.STEP_SKIPPED: "skipped (upstream check or failure)",
                    }[event.event_type]
                    if self.out.isatty():
                        self.out.write("\r")
                    self._say(f"  {self.label}: {step} {verdict} ({took:.1f} s)")
            if finished and not page.has_more:
                return
            self._say_blocked()
            if not page.has_more:
                time.sleep(0.5)

    def _say_blocked(self) -> None:
        """Every few seconds, for a step waiting for a pool slot: who holds it."""
        from chainseg.recovery import live_pool_holders
        from settings.lock import NOTICE_EVERY

        now = time.monotonic()
        for step, (pool, since, said) in list(self.blocked.items()):
            if now - said >= NOTICE_EVERY:
                holders = ", ".join(live_pool_holders(self.instance, pool)) or "another run"
                self._say(
                    f"  {self.label}: {step} waiting for the {pool} pool slot held by "
                    f"{holders} … {now - since:.0f} s"
                )
                self.blocked[step] = (pool, since, now)

    def _say(self, line: str) -> None:
        print(line, file=self.out, flush=True)


QUIET = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}


def _execute(instance, job, *, label: str, log_dir: Path, run_config=None, tags=None):
    """Execute a job in process on the instance. Progress comes from the event log; what
    the steps print (dbt's log) goes to a file, named in the output, instead of the terminal."""
    run_id = str(uuid.uuid4())
    run_config = {**QUIET, **(run_config or {})}
    # pid, host and start time of this process: a later command can tell the run died
    tags = {**launch_tags(), **(tags or {})}
    progress = _Progress(instance, run_id, label)
    log_dir.mkdir(parents=True, exist_ok=True)
    log_file = log_dir / f"{label}-{run_id}.log"
    # the dbt steps say every few seconds how many models and tests have finished
    from orchestration.defs.dbt import progress_log

    said = logging.StreamHandler(progress.out)
    said.setFormatter(logging.Formatter(f"  {label}: %(message)s"))
    progress_log.addHandler(said)
    progress_log.setLevel(logging.INFO)
    progress.start()
    try:
        with log_file.open("w") as log, contextlib.redirect_stdout(log):
            result = job.execute_in_process(
                instance=instance,
                run_id=run_id,
                run_config=run_config,
                tags=tags,
                raise_on_error=False,
            )
    finally:
        progress_log.removeHandler(said)
        progress.done.set()
        progress.join()
    print(f"  {label}: run {run_id} {'succeeded' if result.success else 'FAILED'}, log {log_file}")
    return result, progress


def _ingest(  # type: ignore[no-untyped-def]
    instance, defs, paths: Paths, found: Discovery, keys: list[str], ordered: Sequence[str]
) -> bool:
    """Load the extract dates some landing asset has not materialised, and the files the
    ledger does not hold, one ingest run per range of neighbouring dates; say what loaded."""
    from orchestration.defs.ingestion import landing_assets

    asset_keys = [a.key for a in landing_assets]
    pending = _pending_keys(instance, keys, asset_keys)
    # The ledger decides what is new: a file added to a date loaded before is loaded too.
    unledgered = _unledgered(paths, found)
    late: list[str] = []
    if unledgered is not None:
        pending |= {day.isoformat() for day in unledgered.dates if day.isoformat() in keys}
        late = [f for f in unledgered.late if f.split("/")[2] in pending]
    ingest_ok = True
    ingest_results = []
    for first, last in _contiguous_ranges(ordered, pending):
        result, _ = _execute(
            instance,
            defs.resolve_job_def("ingest"),
            label="ingest",
            log_dir=paths.home / "logs",
            tags={PARTITION_RANGE_START: first, PARTITION_RANGE_END: last},
        )
        ingest_ok &= result.success
        ingest_results.append(result)
    if not pending:
        print("  ingest: every landed extract date is already loaded")
    print_ingest_summary(ingest_results, asset_keys)
    _print_late_files(paths, late)
    return ingest_ok


def _landed_dates(found: Discovery) -> list[date]:
    return sorted({day for by_date in found.values() for day in by_date})


def _pending_keys(instance, keys: Iterable[str], asset_keys) -> set[str]:
    """Extract dates some landing asset has not materialised yet."""
    pending: set[str] = set()
    for key in asset_keys:
        done = instance.get_materialized_partitions(key)
        pending |= {k for k in keys if k not in done}
    return pending


def _unledgered(paths: Paths, found: Discovery):
    """Landed files the ledger does not hold yet (None when the warehouse cannot be read)."""
    import duckdb

    from ingestion.pending import pending_files

    try:
        return pending_files(paths.warehouse, paths.landing, found)
    except duckdb.Error as error:
        print(f"  ingest: cannot compare the landing zone with the ledger: {error}")
        return None


def _print_late_files(paths: Paths, late: list[str]) -> None:
    """Name the files loaded for extract dates that had been loaded before."""
    if not late:
        return
    import duckdb

    conn = duckdb.connect(str(paths.warehouse), read_only=True)
    try:
        loaded = {
            name
            for (name,) in conn.execute(
                "select source_file from raw._file_ledger where source_file in "
                "(select unnest($names))",
                {"names": late},
            ).fetchall()
        }
    finally:
        conn.close()
    names = [name for name in late if name in loaded]
    print(f"late files loaded: {len(names)}" + "".join(f"\n  {name}" for name in names))


def run_command(paths: Paths, *, as_of: date | None) -> int:
    from publication import publish_keep

    publish_keep()  # a bad CHAINSEG_PUBLISH_KEEP ends here in one line, not after the build
    if not paths.landing.is_dir():
        raise ChainsegError(
            f"landing folder {paths.landing} does not exist: run `chainseg generate` first"
        )
    import ingestion

    try:
        found = ingestion.discover(paths.landing)
    except ingestion.LandingError as error:
        raise ChainsegError(str(error)) from None
    dates = _landed_dates(found)
    if not dates:
        raise ChainsegError(f"landing folder {paths.landing} holds no extracts")
    if as_of is not None:
        if as_of < dates[0]:
            raise ChainsegError(f"--as-of {as_of} is before the first extract date {dates[0]}")
        dates = [day for day in dates if day <= as_of]
    check_warehouse_path(paths.warehouse)
    paths.ensure()

    print(
        f"chainseg run: {len(dates)} extract dates {dates[0]} … {dates[-1]}, "
        f"warehouse {paths.warehouse}",
        flush=True,
    )
    import warnings

    import dagster as dg

    from settings.dbt import manifest_is_current, parse_meanwhile, prepare_manifest
    from settings.duckdb_config import clean_temp_directory

    # a manifest parsed now is parsed with this home's profile, which its dbt steps reuse; a
    # run as of a date gives dbt other variables, for which it parses anyway
    parse_for_home = as_of is None and manifest_is_current()
    prepare_manifest()
    # single-run backfills and pools are marked beta; chainseg relies on them deliberately
    warnings.filterwarnings("ignore", category=dg.BetaWarning)
    warnings.filterwarnings("ignore", category=dg.PreviewWarning)
    from orchestration.definitions import defs
    from orchestration.defs.ingestion import EXTRACT_DATES
    from orchestration.warehouse import POOL

    instance = dg.DagsterInstance.get()
    # what killed runs left behind is released; the warehouse must open; the pool be free
    release_dead_runs(instance, say=lambda line: print(f"  {line}", flush=True))
    open_warehouse(paths.warehouse)
    wait_for_pool(instance, POOL)
    keys = [day.isoformat() for day in dates]
    known = set(instance.get_dynamic_partitions(EXTRACT_DATES))
    instance.add_dynamic_partitions(EXTRACT_DATES, [k for k in keys if k not in known])
    ordered = instance.get_dynamic_partitions(EXTRACT_DATES)

    # the first dbt step of a fresh data home starts from a parse made while the files load
    with parse_meanwhile(paths.dbt_runs) if parse_for_home else contextlib.nullcontext():
        ingest_ok = _ingest(instance, defs, paths, found, keys, ordered)

    from orchestration.defs.dbt import transform_run_selection
    from orchestration.defs.quality import WHOLE_TABLES_TAG

    transform = defs.resolve_job_def("transform")
    selection, left = (None, 0)
    if as_of is None:  # a run as of a date builds a past state: every node
        selection, left = transform_run_selection(defs.resolve_asset_graph(), paths.warehouse)
    if selection is not None:
        transform = transform.get_subset(asset_selection=set(selection))
        print(f"  transform: {left} models and seeds left as built: code and raw inputs unchanged")
    steps = {node.name for node in transform.nodes_in_topological_order}
    run_config = {
        "ops": {
            name: {"config": {"as_of_date": as_of.isoformat() if as_of else None}}
            for name in ("dbt_core", "dbt_marts")
            if name in steps
        }
    }
    result, progress = _execute(
        instance,
        transform,
        label="transform",
        log_dir=paths.home / "logs",
        run_config=run_config,
        # a run as of a date checks whole tables: its delta is not the next day's
        tags={WHOLE_TABLES_TAG: "true"} if as_of else None,
    )
    # nothing DuckDB spilled outlives the run (files of killed processes included)
    clean_temp_directory(paths.home)
    print_warehouse_summary(paths)
    print(
        f"checks: {progress.checks_passed} passed, {progress.checks_warned} passed with "
        f"warnings, {progress.checks_failed} failed"
    )
    for name in progress.failed_checks:
        print(f"  failed check: {name}")
        for line in progress.failure_details.get(name, []):
            print(f"    {line}")
    for name in progress.warned_checks:
        print(f"  warned check: {name}")
        for line in progress.warning_details.get(name, []):
            print(f"    {line}")
    print(publication_line(result, paths.publish, checks_failed=progress.checks_failed))
    print(feeds_line(result, paths.feeds))
    if not (ingest_ok and result.success):
        raise ChainsegError(
            "the run failed; see the step errors above and the run in `chainseg ui`"
        )
    return 0
