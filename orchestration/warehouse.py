"""The warehouse as a Dagster resource, and the pool every writing step holds.

The writer lock itself is Dagster-free (``settings.lock``): writers outside Dagster obey it too.
"""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from settings.paths import paths

#: the concurrency pool (dagster.yaml: one slot) of every step that writes the warehouse
POOL = "warehouse"


class WarehouseResource(dg.ConfigurableResource):
    """Where the warehouse and the landing zone are; unset fields come from CHAINSEG_* settings,
    read when a step runs (never when the definitions load)."""

    warehouse_path: str | None = None
    landing_dir: str | None = None

    @property
    def warehouse(self) -> Path:
        return Path(self.warehouse_path) if self.warehouse_path else paths().warehouse

    @property
    def landing(self) -> Path:
        return Path(self.landing_dir) if self.landing_dir else paths().landing

    @property
    def publish(self) -> Path:
        """Where the BI publications of this data home are released."""
        return paths().publish

    @property
    def feeds(self) -> Path:
        """Where the operational feeds (TMS, ATP, WMS) of this data home are written."""
        return paths().feeds

    @property
    def dbt_runs(self) -> Path:
        """Where this warehouse's dbt invocations keep their artefacts."""
        return paths().dbt_runs

    @property
    def history_work(self) -> Path:
        """Where a history backfill keeps its scratch copy of the warehouse."""
        return paths().home / "tmp" / "history"
