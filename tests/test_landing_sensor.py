"""The landing sensor requests new extract dates, and dates with files the ledger lacks."""

from __future__ import annotations

import dagster as dg
import duckdb

from ingestion import load_landing
from orchestration.defs.ingestion import EXTRACT_DATES, landing_sensor
from orchestration.warehouse import WarehouseResource
from tests.ingestion.landed import MATERIAL_HEADER, land, material_row


def _evaluate(instance, warehouse, landing):
    context = dg.build_sensor_context(
        instance=instance,
        resources={
            "warehouse": WarehouseResource(warehouse_path=str(warehouse), landing_dir=str(landing))
        },
    )
    return landing_sensor(context)


def test_a_late_file_of_a_known_date_is_requested(tmp_path):
    landing = tmp_path / "landing"
    warehouse = tmp_path / "warehouse.duckdb"
    body = "\n".join([MATERIAL_HEADER, material_row("A1")]) + "\n"
    land(landing, "erp/material", "2025-01-01", "material_20250101_001.csv", body)
    with dg.DagsterInstance.ephemeral() as instance:
        first = _evaluate(instance, warehouse, landing)
        assert [r.partition_key for r in first.run_requests] == ["2025-01-01"]
        instance.add_dynamic_partitions(EXTRACT_DATES, ["2025-01-01"])
        with duckdb.connect(str(warehouse)) as conn:
            load_landing(conn, landing)
        assert isinstance(_evaluate(instance, warehouse, landing), dg.SkipReason)

        late = "\n".join([MATERIAL_HEADER, material_row("A2")]) + "\n"
        land(landing, "erp/material", "2025-01-01", "material_20250101_002.csv", late)
        again = _evaluate(instance, warehouse, landing)

        assert [r.partition_key for r in again.run_requests] == ["2025-01-01"]
        assert again.run_requests[0].run_key != "ingest-2025-01-01"
