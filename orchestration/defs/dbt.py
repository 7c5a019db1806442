"""dbt models as Dagster assets (through dagster-dbt), the transform jobs and the daily schedule.

The project is split into two steps, so that a blocking quality check on a staging or fact
model stops the segmentation and marts step of the same run: ``dbt_core`` (seeds, staging,
cleansing, master data, facts) and ``dbt_marts`` (segmentation, KPI intermediates, marts).
dbt tests arrive as asset checks. The manifest is (re)parsed on load whenever a project file
is newer than it, so `chainseg run`, `chainseg ui` and the tests need no manual step.
"""

import json
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets

from orchestration.defs.publish import publication
from orchestration.ownership import owners
from orchestration.warehouse import POOL, WarehouseResource
from settings.dbt import MANIFEST, MANIFEST_TARGET, dbt_executable, prune_runs
from settings.lock import writer_lock
from settings.paths import DBT_PROJECT_DIR
from settings.schedule import daily_schedule_settings

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


class DbtRunConfig(dg.Config):
    """What a transform run may override: the as-of date (default: latest extract date)."""

    as_of_date: str | None = None
    full_refresh: bool = False


@contextmanager
def _warehouse_for_dbt(warehouse: Path) -> Iterator[None]:
    """dbt's profile reads the warehouse from ``CHAINSEG_WAREHOUSE``: the resource's path for
    the duration of one invocation (the environment is how a dbt subprocess is configured)."""
    before = os.environ.get("CHAINSEG_WAREHOUSE")
    os.environ["CHAINSEG_WAREHOUSE"] = str(warehouse)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("CHAINSEG_WAREHOUSE", None)
        else:
            os.environ["CHAINSEG_WAREHOUSE"] = before


def _dbt_build(
    context: dg.AssetExecutionContext,
    dbt: DbtCliResource,
    warehouse: WarehouseResource,
    config: DbtRunConfig,
):
    args = ["build"]
    if config.as_of_date:
        args += ["--vars", json.dumps({"as_of_date": config.as_of_date})]
    if config.full_refresh:
        args.append("--full-refresh")
    # artefacts and dbt.log of this invocation under the data home, the oldest pruned
    target = warehouse.dbt_runs / f"{context.op_execution_context.op.name}-{context.run.run_id}"
    with writer_lock(warehouse.warehouse), _warehouse_for_dbt(warehouse.warehouse):
        yield from dbt.cli(args, context=context, target_path=target).stream()
    prune_runs(warehouse.dbt_runs)


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


#: the models, then the BI publication (which the marts' blocking checks hold back)
TRANSFORM_SELECTION = dg.AssetSelection.assets(dbt_core, dbt_marts, publication)

transform_job = dg.define_asset_job(
    "transform",
    selection=TRANSFORM_SELECTION,
    description="Build staging, master data, facts, segments and marts from the raw layer.",
)

full_rebuild_job = dg.define_asset_job(
    "full_rebuild",
    selection=TRANSFORM_SELECTION,
    description="Rebuild every model from scratch (incremental models fully refreshed).",
    config={
        "ops": {name: {"config": {"full_refresh": True}} for name in ("dbt_core", "dbt_marts")}
    },
)

_schedule = daily_schedule_settings()
daily_schedule = dg.ScheduleDefinition(
    name="daily",
    job=transform_job,
    cron_schedule=_schedule.cron,
    execution_timezone=_schedule.timezone,
    description="Daily materialisation of everything downstream of the landed extracts.",
)


defs = dg.Definitions(
    assets=[dbt_core, dbt_marts],
    jobs=[transform_job, full_rebuild_job],
    schedules=[daily_schedule],
    resources={
        "dbt": DbtCliResource(project_dir=dbt_project, dbt_executable=str(dbt_executable())),
    },
)
