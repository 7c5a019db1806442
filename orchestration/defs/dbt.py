"""dbt models as Dagster assets (through dagster-dbt), the transform jobs and the daily schedule.

The project is split into two steps, so that a blocking quality check on a staging or fact
model stops the segmentation and marts step of the same run: ``dbt_core`` (seeds, staging,
cleansing, master data, facts) and ``dbt_marts`` (segmentation, KPI intermediates, marts).
dbt tests arrive as asset checks. The manifest is (re)parsed on load whenever a project file
is newer than it, so `chainseg run`, `chainseg ui` and the tests need no manual step.
"""

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets

from chainseg.config import DBT_PROJECT_DIR, SEEDS_DIR, daily_schedule_settings, dbt_executable
from orchestration.ownership import owners
from orchestration.warehouse import POOL, WarehouseResource, writer_lock

MARTS_SELECTION = (
    "fqn:chainseg.segmentation fqn:chainseg.intermediate.sourcing "
    "fqn:chainseg.intermediate.cost_to_serve fqn:chainseg.marts"
)

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


def _newest_source_mtime() -> float:
    files = [DBT_PROJECT_DIR / "dbt_project.yml", DBT_PROJECT_DIR / "profiles.yml"]
    for folder in ("models", "macros", "tests"):
        files += (DBT_PROJECT_DIR / folder).rglob("*")
    files += SEEDS_DIR.rglob("*")
    return max((f.stat().st_mtime for f in files if f.is_file()), default=0.0)


def prepare_manifest(project: DbtProject = dbt_project) -> Path:
    """Run `dbt parse` when the manifest is missing or older than any project file.

    Parsed here rather than by ``project.preparer``, which looks for ``dbt`` on PATH.
    """
    manifest = project.manifest_path
    if not manifest.exists() or manifest.stat().st_mtime < _newest_source_mtime():
        dbt = DbtCliResource(project_dir=project, dbt_executable=str(dbt_executable()))
        dbt.cli(["parse", "--quiet"], target_path=project.target_path).wait()
    return manifest


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
        name = dbt_resource_props["name"]
        meta = dbt_resource_props.get("config", {}).get("meta", {}) or dbt_resource_props.get(
            "meta", {}
        )
        found = owners(name)
        if not found and meta.get("owner"):
            found = [f"team:{meta['owner']}"]
        return found or None


translator = ChainsegDbtTranslator()


class DbtRunConfig(dg.Config):
    """What a transform run may override: the as-of date (default: latest extract date)."""

    as_of_date: str | None = None
    full_refresh: bool = False


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
    with writer_lock(warehouse.warehouse):
        yield from dbt.cli(args, context=context).stream()


prepare_manifest()


@dbt_assets(
    manifest=dbt_project.manifest_path,
    exclude=MARTS_SELECTION,
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
    select=MARTS_SELECTION,
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


TRANSFORM_SELECTION = dg.AssetSelection.assets(dbt_core, dbt_marts)

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
