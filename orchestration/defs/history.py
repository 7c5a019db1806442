"""The segment history's backfill as a Dagster asset and job, and the job that rebuilds the
marts built on the history after it. The work is plain Python in ``history/``; this module
only wires it.

``history_backfill`` records every past period end (config ``period_ends``, the plan
``chainseg history backfill`` made) into ``history.segment_history``; ``history_marts`` then
rebuilds what reads the history: the migration mart, the official segments and the segment
review, with their dbt tests, quality suites and pictures (the next run publishes them). Both
hold the warehouse pool slot like every writing step.
"""

import dagster as dg

from orchestration.defs.dbt import progress_log
from orchestration.defs.publish import OPERATIONAL_FEEDS, PUBLICATION
from orchestration.warehouse import POOL, WarehouseResource

BACKFILL = dg.AssetKey(["segment_history_backfill"])
HISTORY = dg.AssetKey(["segment_history"])


class BackfillConfig(dg.Config):
    """The period ends to compute, ISO dates in order (``chainseg history backfill`` plans them
    from the landed span and the history's grain)."""

    period_ends: list[str]


@dg.asset(
    key=BACKFILL,
    deps=[HISTORY],
    group_name="history",
    owners=["team:data_platform"],
    kinds={"duckdb", "dbt"},
    tags={"layer": "history"},
    pool=POOL,
    description=(
        "Every past period end of the landed data recorded in history.segment_history: the "
        "segments built as of each period end on a scratch copy of the warehouse, written one "
        "transaction per period (docs/segment-history.md)."
    ),
)
def segment_history_backfill(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource, config: BackfillConfig
):
    from datetime import date

    from history.backfill import backfill

    periods = [date.fromisoformat(day) for day in config.period_ends]

    def say(line: str) -> None:  # in the run's log, and on the terminal of `chainseg history`
        context.log.info(line)
        progress_log.info(f"backfill: {line}")

    written = backfill(
        warehouse.warehouse,
        periods,
        work=warehouse.history_work,
        say=say,
    )
    return dg.MaterializeResult(
        metadata={
            "periods": dg.MetadataValue.int(len(written)),
            "first_period_end": written[0].period_end.isoformat() if written else "none",
            "last_period_end": written[-1].period_end.isoformat() if written else "none",
            "rows": dg.MetadataValue.int(sum(w.rows for w in written)),
        }
    )


history_backfill_job = dg.define_asset_job(
    "history_backfill",
    selection=dg.AssetSelection.assets(segment_history_backfill),
    description="Record the segment history of every past period end (chainseg history backfill).",
)

history_marts_job = dg.define_asset_job(
    "history_marts",
    selection=dg.AssetSelection.assets(HISTORY).downstream(include_self=False)
    - dg.AssetSelection.assets(BACKFILL, PUBLICATION, OPERATIONAL_FEEDS),
    description="Rebuild the marts built on the segment history (migration, official segments, "
    "review).",
)

defs = dg.Definitions(
    assets=[segment_history_backfill],
    jobs=[history_backfill_job, history_marts_job],
)
