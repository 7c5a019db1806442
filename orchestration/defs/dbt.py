"""dbt models as Dagster assets (through dagster-dbt), the transform jobs and the daily schedule.

The project is split into two steps, so that a blocking quality check on a staging or fact
model stops the segmentation and marts step of the same run: ``dbt_core`` (seeds, staging,
cleansing, master data, facts) and ``dbt_marts`` (segmentation, KPI intermediates, marts).
dbt tests arrive as asset checks. The manifest is (re)parsed on load whenever a project file
is newer than it, so `chainseg run`, `chainseg ui` and the tests need no manual step.

What a data engineer sees on the materialisations: a row count on every table, incremental
model and seed (``dagster/row_count``, the key dagster-dbt's ``fetch_row_counts`` writes), and
on each mart a preview of its first rows and its pictures (``pictures``). They are read in one
pass over one read-only connection once dbt has exited, still under the writer lock. Views get
no row count, as in dagster-dbt's ``fetch_row_counts``: counting a staging view runs it over
the whole raw history (the demo's staging views: 1.4 s a run, growing with the history), while
one ``union all`` query counts the marts step's 43 tables in 0.02-0.04 s. While dbt runs, a
line every few seconds says how far it is.
"""

import contextlib
import functools
import importlib
import json
import logging
import os
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cached_property
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets
from packaging import version

import pictures
from orchestration import unchanged
from orchestration.defs.publish import operational_feeds, publication
from orchestration.defs.quality import WHOLE_TABLES_TAG, validates_whole_tables
from orchestration.ownership import owners
from orchestration.warehouse import POOL, WarehouseResource
from settings.dbt import (
    MANIFEST,
    MANIFEST_TARGET,
    RUN_ARTEFACTS,
    dbt_executable,
    keep_parse,
    prune_runs,
    reuse_parse,
)
from settings.lock import LockTimeout, writer_lock
from settings.paths import DBT_PROJECT_DIR
from settings.schedule import daily_schedule_settings

#: the progress lines of the dbt steps (``chainseg run`` prints them while a step runs)
progress_log = logging.getLogger("chainseg.progress")

#: dbt models tagged ``marts_step`` (dbt_project.yml, by folder) build in the second step
MARTS_STEP = "tag:marts_step"

dbt_project = DbtProject(
    project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR, target_path=MANIFEST_TARGET
)
if not MANIFEST.exists():
    raise FileNotFoundError(
        f"dbt manifest {MANIFEST} is missing: start Dagster with `chainseg ui` (or run "
        "`python -m settings.dbt`), which parses the dbt project first"
    )


class ChainsegDbtTranslator(DagsterDbtTranslator):
    """Keys by model name, groups by layer folder, owners from the ownership registry."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            return super().get_asset_key(dbt_resource_props)
        return dg.AssetKey([dbt_resource_props["name"]])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "seed":
            return "seeds"
        fqn = dbt_resource_props.get("fqn", [])
        return fqn[1] if len(fqn) > 2 else "dbt"

    def get_owners(self, dbt_resource_props: Mapping[str, Any]) -> list[str] | None:
        """The registry's owning team; unregistered models have the project-wide owner."""
        found = owners(dbt_resource_props["name"])
        if not found:
            meta = dbt_resource_props.get("config", {}).get("meta", {}) or {}
            found = [f"team:{meta['owner']}"] if meta.get("owner") else []
        return found or None


translator = ChainsegDbtTranslator()


class ChainsegDbtCliResource(DbtCliResource):
    """dagster-dbt's resource without the two things it does before each dbt invocation that
    chainseg never uses: ``dbt --version`` in a subprocess (the dbt beside this Python is the
    installed dbt-core, whose version the package metadata gives) and a dbt adapter set up in
    this process with the project's macros loaded (used only by ``fetch_row_counts`` and
    ``fetch_column_metadata``; the row counts here are read by ``_with_figures``). Measured on
    the demo: 2-5 s per dbt step."""

    @cached_property
    def _cli_version(self) -> version.Version:
        return version.parse(package_version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args: Sequence[str]) -> None:  # type: ignore[override]
        return None


class DbtRunConfig(dg.Config):
    """What a transform run may override: the as-of date (default: latest extract date)."""

    as_of_date: str | None = None
    full_refresh: bool = False


@contextmanager
def _dbt_environment(warehouse: Path, subset: bool) -> Iterator[None]:
    """The environment of one dbt invocation (how a dbt subprocess is configured): the
    profile's warehouse (``CHAINSEG_WAREHOUSE``, the resource's path) and, for a run of some of
    a step's nodes, dbt's test selection.

    dagster-dbt selects a subset's nodes by name, and dbt's default (eager) indirect selection
    would then add every test with one parent among them: in a run that leaves unchanged
    models out (``orchestration/unchanged.py``) a marts-step summary's conservation test ran in
    the core step, before the summary took the day. "buildable" takes a test whose parents are
    all selected or upstream of the selected nodes: a fact's reference to a dimension left as
    built is still tested, the test of a later step's model waits for that step. (A whole
    step is selected by tag, and its tests as they always were.)"""
    overrides = {"CHAINSEG_WAREHOUSE": str(warehouse)}
    if subset:
        overrides["DBT_INDIRECT_SELECTION"] = "buildable"
    before = {name: os.environ.get(name) for name in overrides}
    os.environ.update(overrides)
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _dbt_build(
    context: dg.AssetExecutionContext,
    dbt: DbtCliResource,
    warehouse: WarehouseResource,
    config: DbtRunConfig,
):
    # dbt's unit tests check model logic on fixed inputs, not the data: `make test` runs them
    # (tests/dbt), a pipeline run only the data tests, which are its asset checks
    args = ["build", "--exclude-resource-type", "unit_test", *RUN_ARTEFACTS]
    variables: dict[str, Any] = {}
    if config.as_of_date:
        variables["as_of_date"] = config.as_of_date
    # data tests read the rows not yet validated, except on a full rebuild or a run as of a date
    if config.full_refresh or config.as_of_date or validates_whole_tables(context.run):
        variables["quality_whole_tables"] = True
    if variables:
        args += ["--vars", json.dumps(variables)]
    if config.full_refresh:
        args.append("--full-refresh")
    # artefacts and dbt.log of this invocation under the data home, the oldest pruned
    target = warehouse.dbt_runs / f"{context.op_execution_context.op.name}-{context.run.run_id}"
    failure: Exception | None = None
    reuse_parse(warehouse.dbt_runs, target)
    # as dagster-dbt tells a subset: the step's assets definition holds fewer outputs
    step = context.assets_def
    subset = step.keys_by_output_name != step.node_keys_by_output_name
    with writer_lock(warehouse.warehouse), _dbt_environment(warehouse.warehouse, subset):
        # what the nodes are built from, read before dbt starts: a plain run records it for
        # the nodes that build and pass (a run as of a date builds a past state: none)
        inputs = {} if config.as_of_date else unchanged.current(warehouse.warehouse, _manifest())
        invocation = dbt.cli(args, context=context, target_path=target)
        _preload_quality()
        # DuckDB has one writer: the figures are read once dbt has exited, so the events wait
        # for them (dagster-dbt's ``fetch_row_counts`` waits the same way on DuckDB)
        events: list[Any] = []
        try:
            events.extend(_with_progress(context, invocation.stream()))
        except Exception as error:  # dbt failed: the events it sent still count
            failure = error
        events = _with_figures(context, events, warehouse.warehouse, invocation.manifest)
        built = unchanged.built_and_passed(invocation.manifest, _statuses(events))
        unchanged.record(warehouse.warehouse, inputs, built)
    keep_parse(target, warehouse.dbt_runs)
    yield from events
    if failure is not None:
        raise failure
    prune_runs(warehouse.dbt_runs)


@functools.cache
def _manifest() -> Mapping[str, Any]:
    """The parsed project the dbt assets were defined from."""
    return json.loads(Path(dbt_project.manifest_path).read_text())


def _statuses(events: Sequence[Any]) -> dict[str, str]:
    """unique_id → dbt status of every node and test the step's events report."""
    found = {}
    for event in events:
        metadata = getattr(event, "metadata", None) or {}
        unique_id, status = metadata.get("unique_id"), metadata.get("status")
        if unique_id is not None and status is not None:
            found[getattr(unique_id, "value", unique_id)] = getattr(status, "value", status)
    return found


def _preload_quality() -> None:
    """Import what the quality steps after a dbt step use (Great Expectations, ~2-3 s) while
    dbt starts and parses in its own process, instead of after it in the first quality step.
    In this thread, between two steps' work: nothing else imports meanwhile."""
    with contextlib.suppress(ImportError):
        importlib.import_module("expectations.gx_duckdb")


#: dbt materialisations stored as tables, whose row count is a cheap read; a view's would run
#: its query (a staging view's over the whole raw history), an ephemeral model is no relation
COUNTED_MATERIALIZATIONS = frozenset({"table", "incremental", "seed"})


def _relation(node: Mapping[str, Any]) -> str:
    return f'"{node["schema"]}"."{node.get("alias") or node["name"]}"'


def _with_figures(
    context: dg.AssetExecutionContext,
    events: list[Any],
    warehouse: Path,
    manifest: Mapping[str, Any],
) -> list[Any]:
    """The step's events with a row count on every table and seed built (views are not
    counted: see the module's docstring), and on each mart a preview of its first rows and its
    pictures (``pictures``), read from the warehouse after dbt has exited (the caller holds the
    writer lock). A figure that cannot be read is left out with a warning: it never fails the
    step."""
    started = time.perf_counter()
    nodes = manifest["nodes"]
    built: dict[int, Mapping[str, Any]] = {}
    views = 0
    for i, event in enumerate(events):
        if isinstance(event, dg.Output | dg.AssetMaterialization):
            unique_id = event.metadata.get("unique_id")
            node = nodes.get(getattr(unique_id, "value", None))
            if node is None or node["resource_type"] not in ("model", "seed"):
                continue
            materialized = node.get("config", {}).get("materialized")
            if materialized in COUNTED_MATERIALIZATIONS:
                built[i] = node
            elif materialized == "view":
                views += 1
    if not built:
        return events
    described = list(events)
    try:
        conn = duckdb.connect(str(warehouse), read_only=True)
    except duckdb.Error as error:
        context.log.warning(f"no row counts or pictures: {str(error).splitlines()[0]}")
        return events
    pictured = 0
    try:
        counts = pictures.row_counts(conn, sorted({_relation(n) for n in built.values()}))
        for i, node in built.items():
            metadata: dict[str, Any] = {
                "dagster/row_count": dg.MetadataValue.int(counts[_relation(node)])
            }
            if node["fqn"][1:2] == ["marts"]:
                metadata.update(_mart_metadata(context, conn, node))
                pictured += 1
            described[i] = events[i].with_metadata({**events[i].metadata, **metadata})
    except duckdb.Error as error:
        context.log.warning(f"no row counts or pictures: {str(error).splitlines()[0]}")
        return events
    finally:
        conn.close()
    context.log.info(
        f"row counts of {len(built)} tables and seeds ({views} views not counted), previews "
        f"and pictures of {pictured} marts in {time.perf_counter() - started:.2f} s"
    )
    return described


def _mart_metadata(
    context: dg.AssetExecutionContext, conn: duckdb.DuckDBPyConnection, node: Mapping[str, Any]
) -> dict[str, Any]:
    """A mart's first rows and its pictures as Markdown metadata (what cannot be drawn is left
    out with a warning: a picture is a nicety, never a reason to fail the step)."""
    metadata: dict[str, Any] = {}
    try:
        preview = pictures.preview_markdown(conn, _relation(node))
        metadata["preview"] = dg.MetadataValue.md(preview)
        for key, (title, png) in pictures.render_charts(conn, node["name"]).items():
            metadata[key] = dg.MetadataValue.md(pictures.png_markdown(png, title))
    except Exception as error:
        context.log.warning(f"no preview or pictures of {node['name']}: {error}")
    return metadata


#: seconds between two progress lines of a dbt step
PROGRESS_EVERY = 5.0


def _with_progress(context: dg.AssetExecutionContext, events: Iterator[Any]) -> Iterator[Any]:
    """dbt's events as they come, with a line every few seconds (and a last one) saying how
    many of the step's models and tests have finished: in the run's log, and on the
    ``chainseg.progress`` logger for a terminal that follows the run."""
    step = context.op_execution_context.op.name
    nodes = len(context.selected_asset_keys)
    tests = len(context.selected_asset_check_keys)
    built = tested = 0
    said = time.monotonic()

    def say() -> None:
        line = f"{step}: {built}/{nodes} models and seeds, {tested}/{tests} tests"
        context.log.info(line)
        progress_log.info(line)

    for event in events:
        if isinstance(event, dg.Output | dg.AssetMaterialization):
            built += 1
        elif isinstance(event, dg.AssetCheckResult | dg.AssetCheckEvaluation):
            tested += 1
        if time.monotonic() - said >= PROGRESS_EVERY:
            say()
            said = time.monotonic()
        yield event
    say()


@dbt_assets(
    manifest=dbt_project.manifest_path,
    exclude=MARTS_STEP,
    dagster_dbt_translator=translator,
    name="dbt_core",
    pool=POOL,
)
def dbt_core(
    context: dg.AssetExecutionContext,
    dbt: DbtCliResource,
    warehouse: WarehouseResource,
    config: DbtRunConfig,
):
    """Seeds, staging, cleansing rules, master data and facts."""
    yield from _dbt_build(context, dbt, warehouse, config)


@dbt_assets(
    manifest=dbt_project.manifest_path,
    select=MARTS_STEP,
    dagster_dbt_translator=translator,
    name="dbt_marts",
    pool=POOL,
)
def dbt_marts(
    context: dg.AssetExecutionContext,
    dbt: DbtCliResource,
    warehouse: WarehouseResource,
    config: DbtRunConfig,
):
    """Segment assignments, KPIs and the BI marts."""
    yield from _dbt_build(context, dbt, warehouse, config)


#: the models, then the BI publication (which the marts' blocking checks hold back), then the
#: operational feeds
TRANSFORM_SELECTION = dg.AssetSelection.assets(dbt_core, dbt_marts, publication, operational_feeds)

transform_job = dg.define_asset_job(
    "transform",
    selection=TRANSFORM_SELECTION,
    description="Build staging, master data, facts, segments and marts from the raw layer.",
)

full_rebuild_job = dg.define_asset_job(
    "full_rebuild",
    selection=TRANSFORM_SELECTION,
    description="Rebuild every model from scratch (incremental models fully refreshed) and "
    "check whole tables.",
    tags={WHOLE_TABLES_TAG: "true"},
    config={
        "ops": {name: {"config": {"full_refresh": True}} for name in ("dbt_core", "dbt_marts")}
    },
)


#: Fewest models and seeds a dbt step leaves out, unless it leaves out all of them (then the
#: step does not run). dagster-dbt selects a subset's nodes by name, which costs dbt 1-4 s of
#: selection per step at scale 1 (measured: 1.0 s for the core step's 92 names, 2.6-4.3 s for
#: the marts step's 87 against 0.04-0.1 s for the whole step by tag); a node left out saves
#: ~30-60 ms with its tests.
MIN_LEFT_OUT_PER_STEP = 25


def transform_run_selection(
    asset_graph: Any, warehouse: Path, lock_timeout: float | None = None
) -> tuple[list[dg.AssetKey] | None, int]:
    """What a daily transform run builds: every asset of the job but the dbt models and seeds
    whose code and raw inputs did not change since they were built and tested
    (``orchestration.unchanged``), in the steps where that leaves out enough of them
    (``MIN_LEFT_OUT_PER_STEP``); None for all of them. With how many are left out.
    The warehouse is read under the writer lock (a reader locks writers out); None when it is
    not free within ``lock_timeout`` seconds."""
    manifest = _manifest()
    try:
        with writer_lock(warehouse, timeout=lock_timeout):
            left_ids = unchanged.left_out(warehouse, manifest)
    except LockTimeout:
        return None, 0
    unchanged_keys = {
        translator.get_asset_key(manifest["nodes"][unique_id]) for unique_id in left_ids
    }
    left: set[dg.AssetKey] = set()
    for step in (dbt_core, dbt_marts):
        in_step = unchanged_keys & step.keys
        if in_step == step.keys or len(in_step) >= MIN_LEFT_OUT_PER_STEP:
            left |= in_step
    if not left:
        return None, 0
    keys = TRANSFORM_SELECTION.resolve(asset_graph)
    return sorted(keys - left, key=lambda key: key.to_user_string()), len(keys & left)


_schedule = daily_schedule_settings()


@dg.schedule(
    name="daily",
    job=transform_job,
    cron_schedule=_schedule.cron,
    execution_timezone=_schedule.timezone,
    description="Daily materialisation of everything downstream of the landed extracts, but "
    "the models and seeds whose code and raw inputs are unchanged since they were built.",
)
def daily_schedule(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
    # an evaluation must not wait long: while a run holds the warehouse, the tick builds all
    selection, _ = transform_run_selection(
        context.repository_def.asset_graph, WarehouseResource().warehouse, lock_timeout=10.0
    )
    return dg.RunRequest(asset_selection=selection)


defs = dg.Definitions(
    assets=[dbt_core, dbt_marts],
    jobs=[transform_job, full_rebuild_job],
    schedules=[daily_schedule],
    resources={
        "dbt": ChainsegDbtCliResource(
            project_dir=str(dbt_project.project_dir),
            profiles_dir=str(dbt_project.profiles_dir),
            dbt_executable=str(dbt_executable()),
        ),
    },
)
