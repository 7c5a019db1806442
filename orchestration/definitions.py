"""The one Dagster code location of chainseg: every concern's definitions, merged.

Loading it only declares: no environment is changed and no process started. The dbt manifest
must exist (``chainseg run`` and ``chainseg ui`` parse the project first; see
``settings.dbt.prepare_manifest``). Runs execute in process: on this 2-core machine the
multiprocess executor costs 2–3.6 s per asset against 13–34 ms in process, and DuckDB's single
writer gains nothing from parallel steps.
"""

from __future__ import annotations

import dagster as dg

from orchestration.defs import dbt, decisions, history, ingestion, publish, quality

defs = dg.Definitions.merge(
    ingestion.defs,
    dbt.defs,
    quality.defs,
    publish.defs,
    decisions.defs,
    history.defs,
    dg.Definitions(executor=dg.in_process_executor),
)
