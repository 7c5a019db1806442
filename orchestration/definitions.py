"""The one Dagster code location of chainseg: every concern's definitions, merged.

Runs execute in process: on this 2-core machine the multiprocess executor costs 2–3.6 s per
asset against 13–34 ms in process, and DuckDB's single writer gains nothing from parallel steps.
"""

from __future__ import annotations

import warnings

import dagster as dg

from chainseg import config
from orchestration.instance import speed_up_instance_storage

config.export_environment(config.paths())
speed_up_instance_storage()
# single-run backfills and pools are marked beta; we rely on them deliberately
warnings.filterwarnings("ignore", category=dg.BetaWarning)
warnings.filterwarnings("ignore", category=dg.PreviewWarning)

from orchestration.defs import dbt, ingestion, quality  # noqa: E402  (needs the paths exported)

defs = dg.Definitions.merge(
    ingestion.defs,
    dbt.defs,
    quality.defs,
    dg.Definitions(executor=dg.in_process_executor),
)
