"""The publication as a Dagster asset: per BI role, the marts it may see, released atomically.

Downstream of every mart, so the blocking quality checks on the marts (and a failed dbt step)
keep it from materialising: a run whose checks fail leaves the current release in place. The
work is plain Python in ``publication/``; this module only wires it.
"""

import dagster as dg

from expectations.ownership import mart_models
from orchestration.warehouse import WarehouseResource

PUBLICATION = dg.AssetKey(["publication"])
#: the project-wide owner of what is not a registered source or mart (dbt_project.yml's meta)
OWNER = "team:data_platform"


@dg.asset(
    key=PUBLICATION,
    deps=[dg.AssetKey([mart]) for mart in mart_models()],
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

    release = publish(warehouse.warehouse, warehouse.publish, run_id=context.run_id)
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


defs = dg.Definitions(assets=[publication])
