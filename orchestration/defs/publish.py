"""The publication as a Dagster asset: per BI role, the marts it may see, released atomically;
then the operational feeds (TMS, ATP, WMS), written only after the publication.

Downstream of every mart and of every asset a quality suite checks, so that any failing
blocking check of the run (and any failed dbt step) keeps it from materialising: a run whose
checks fail leaves the current release in place. Dagster holds back only the direct
downstream of a blocking check, and a staging model's check runs after the marts step, hence
the explicit edges from the checked assets. The work is plain Python in ``publication/``; this
module only wires it.
"""

import dagster as dg

from expectations.ownership import mart_models
from expectations.registry import suite_specs
from orchestration.warehouse import WarehouseResource

PUBLICATION = dg.AssetKey(["publication"])
#: the project-wide owner of what is not a registered source or mart (dbt_project.yml's meta)
OWNER = "team:data_platform"
#: every mart, and every asset a quality suite checks (its blocking check must pass first)
UPSTREAM: list[dg.AssetKey] = sorted(
    {dg.AssetKey([mart]) for mart in mart_models()}
    | {dg.AssetKey(list(spec.asset_key)) for spec in suite_specs()},
    key=lambda key: key.to_user_string(),
)


@dg.asset(
    key=PUBLICATION,
    deps=UPSTREAM,
    group_name="publication",
    owners=[OWNER],
    kinds={"duckdb", "parquet"},
    tags={"layer": "publication"},
    description=(
        "One release per run: for each BI role of the bi_roles seed, every mart with only the "
        "columns the role may see, as a read-only DuckDB file and Parquet files under "
        "$CHAINSEG_HOME/publish/<role> (docs/publication.md)."
    ),
)
def publication(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    from publication.release import publish

    release = publish(warehouse.warehouse, warehouse.publish, run_id=context.run.run_id)
    columns = {role: release.column_count(role) for role in release.roles}
    context.log.info(f"published release {release.release_id} for {', '.join(release.roles)}")
    return dg.MaterializeResult(
        metadata={
            "release_id": release.release_id,
            "path": dg.MetadataValue.path(str(warehouse.publish)),
            "release_path": dg.MetadataValue.path(str(release.path)),
            "roles": dg.MetadataValue.json(release.roles),
            "as_of_date": release.as_of_date or "unknown",
            "columns_per_role": dg.MetadataValue.json(columns),
            **{f"columns_{role}": dg.MetadataValue.int(n) for role, n in columns.items()},
        }
    )


OPERATIONAL_FEEDS = dg.AssetKey(["operational_feeds"])
#: the dbt models whose rows the feeds write (dbt_project/models/feeds/)
FEED_MODELS = [dg.AssetKey([name]) for name in ("feed_atp", "feed_tms", "feed_wms")]


@dg.asset(
    key=OPERATIONAL_FEEDS,
    deps=[PUBLICATION, *FEED_MODELS],
    group_name="publication",
    owners=[OWNER],
    kinds={"csv", "json"},
    tags={"layer": "publication"},
    description=(
        "The TMS, ATP and WMS feeds (CSV + JSON, JSON Schemas in publication/feed_schemas) with "
        "a change log against the previous version, atomically under $CHAINSEG_HOME/feeds/current "
        "(docs/policies.md#operational-feeds). Written after the publication only."
    ),
)
def operational_feeds(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    from publication.feeds import write_feeds

    version = write_feeds(warehouse.warehouse, warehouse.feeds, run_id=context.run.run_id)
    context.log.info(
        f"feeds version {version.version_id}: {version.change_count} changes since "
        f"{version.previous or 'none'}"
    )
    return dg.MaterializeResult(
        metadata={
            "version_id": version.version_id,
            "path": dg.MetadataValue.path(str(version.path)),
            "previous_version": version.previous or "none",
            "rows": dg.MetadataValue.json(dict(version.rows)),
            "changes": dg.MetadataValue.json({k: dict(v) for k, v in version.changes.items()}),
            "change_count": dg.MetadataValue.int(version.change_count),
        }
    )


defs = dg.Definitions(assets=[publication, operational_feeds])
