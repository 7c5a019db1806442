"""Service-level what-if as a Dagster asset with config: which scenarios of scenarios/*.yml.

Materialise ``whatif_scenarios`` (launchpad config ``scenarios: [...]``, default every shipped
scenario) or run ``whatif_job``: it rebuilds the what-if models with those scenarios and
attaches the result table. The work is plain Python in ``decisions.whatif``; this module only
wires it. Not part of the daily transform job: a what-if is asked, not scheduled.
"""

import dagster as dg

from decisions import whatif
from orchestration.warehouse import WarehouseResource

OWNER = "team:supply_chain_analytics"


class WhatifConfig(dg.Config):
    """The scenarios to build: file stems of scenarios/*.yml; empty = every shipped one."""

    scenarios: list[str] = []


@dg.asset(
    key="whatif_scenarios",
    deps=[dg.AssetKey(["mart_whatif_results"])],
    group_name="decisions",
    owners=[OWNER],
    kinds={"dbt", "duckdb"},
    description=(
        "One row per scenario x customer segment x measure in marts.mart_whatif_results, "
        "rebuilt with the configured scenarios (scenarios/*.yml) next to the baseline."
    ),
)
def whatif_scenarios(
    context: dg.AssetExecutionContext, config: WhatifConfig, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    names = config.scenarios or whatif.available()
    rows = whatif.run(warehouse.warehouse, names, warehouse.dbt_runs)
    context.log.info(f"what-if built for {', '.join(names)}")
    return dg.MaterializeResult(
        metadata={
            "scenarios": dg.MetadataValue.json(names),
            "rows": dg.MetadataValue.int(len(rows)),
            "table": dg.MetadataValue.md(f"```\n{whatif.render(rows)}\n```"),
        }
    )


whatif_job = dg.define_asset_job(
    name="whatif_job",
    selection=dg.AssetSelection.assets(whatif_scenarios),
    description="Build the configured what-if scenarios into marts.mart_whatif_results.",
)

defs = dg.Definitions(assets=[whatif_scenarios], jobs=[whatif_job])
