"""The one Dagster code location of chainseg: every concern's definitions, merged.

Runs execute in process: on this 2-core machine the multiprocess executor costs 2–3.6 s per
asset against 13–34 ms in process, and DuckDB's single writer gains nothing from parallel steps.
"""

from __future__ import annotations

import dagster as dg

from chainseg import config

config.export_environment(config.paths())

from orchestration.defs import dbt, ingestion  # noqa: E402  (needs the paths exported)

defs = dg.Definitions.merge(
    ingestion.defs,
    dbt.defs,
    dg.Definitions(executor=dg.in_process_executor),
)
