"""A landing run over several extract dates: each date's materialisation carries that date's
figures (rows loaded, quarantined, files rejected), and the run's figures are their sum."""

from __future__ import annotations

from datetime import date

import dagster as dg

from ingestion import load_entity
from orchestration.defs.ingestion import EXTRACT_DATES, asset_key, landing_assets
from orchestration.warehouse import WarehouseResource
from tests.ingestion.landed import MATERIAL, MATERIAL_HEADER, land, material_row

DAY_1, DAY_2, DAY_3 = "2025-01-01", "2025-01-02", "2025-01-03"


def _land_three_days(landing):
    """Day 1: 2 rows and a broken line; day 2: 1 row and a file that vanished; day 3: none."""
    body = "\n".join([MATERIAL_HEADER, material_row("A1"), material_row("A2")]) + "\n"
    first = land(landing, "erp/material", DAY_1, "material_20250101_001.csv", body + "broken\n")
    second = land(
        landing,
        "erp/material",
        DAY_2,
        "material_20250102_001.csv",
        "\n".join([MATERIAL_HEADER, material_row("B1")]) + "\n",
    )
    return first, second


def test_load_result_splits_its_figures_by_extract_date(tmp_path):
    import duckdb

    landing = tmp_path / "landing"
    first, second = _land_three_days(landing)
    gone = landing / "erp" / "material" / DAY_2 / "vanished.csv"
    days = [date.fromisoformat(d) for d in (DAY_1, DAY_2, DAY_3)]
    with duckdb.connect(str(tmp_path / "w.duckdb")) as conn:
        result = load_entity(
            conn, MATERIAL, {days[0]: [first], days[1]: [second, gone], days[2]: []}, load_id="L"
        )

    figures = {
        day.isoformat(): (r.files_loaded, r.files_rejected, r.rows_loaded, r.rows_quarantined)
        for day, r in result.by_date.items()
    }
    assert figures == {DAY_1: (1, 0, 2, 1), DAY_2: (1, 1, 1, 0), DAY_3: (0, 0, 0, 0)}
    assert (result.files_loaded, result.files_rejected, result.rows_loaded) == (2, 1, 3)
    assert result.by_date[days[1]].errors == result.errors


def test_each_partition_of_a_range_run_carries_its_own_dates_figures(tmp_path):
    landing = tmp_path / "landing"
    _land_three_days(landing)
    material = next(a for a in landing_assets if a.key == asset_key(MATERIAL))
    with dg.DagsterInstance.ephemeral() as instance:
        instance.add_dynamic_partitions(EXTRACT_DATES, [DAY_1, DAY_2, DAY_3])
        result = dg.materialize(
            [material],
            instance=instance,
            resources={
                "warehouse": WarehouseResource(
                    warehouse_path=str(tmp_path / "w.duckdb"), landing_dir=str(landing)
                )
            },
            tags={
                "dagster/asset_partition_range_start": DAY_1,
                "dagster/asset_partition_range_end": DAY_3,
            },
        )

    assert result.success
    figures = {
        m.partition: (m.metadata["rows_loaded"].value, m.metadata["rows_quarantined"].value)
        for m in (
            e.event_specific_data.materialization for e in result.get_asset_materialization_events()
        )
    }
    assert figures == {DAY_1: (2, 1), DAY_2: (1, 0), DAY_3: (0, 0)}


def test_without_dagsters_accumulator_the_public_call_adds_each_dates_figures():
    from types import SimpleNamespace

    from orchestration.defs.ingestion import _add_partition_metadata

    added: list[tuple[str, dict]] = []
    context = SimpleNamespace(
        op_execution_context=SimpleNamespace(),  # no step context: a Dagster that moved it
        add_asset_metadata=lambda metadata, partition_key: added.append((partition_key, metadata)),
    )

    _add_partition_metadata(context, {DAY_1: {"rows_loaded": 2}, DAY_2: {"rows_loaded": 1}})  # type: ignore[arg-type]

    assert added == [(DAY_1, {"rows_loaded": 2}), (DAY_2, {"rows_loaded": 1})]
