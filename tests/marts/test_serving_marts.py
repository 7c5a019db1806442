"""Serving-side marts on the demo data: every mart filled, every customer segment populated,
cost pools conserved to the cent, and cost-to-serve lines that add up.

One generator dataset (demo scale) goes through ingestion and ``dbt build`` once per session
(the shared pipeline fixture); the tests only read the resulting warehouse.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from settings.paths import DBT_PROJECT_DIR
from tests.pipeline_fixtures import built_demo_warehouse, dbt_test_result

#: Every mart of the serving side: the models in its folder.
SERVING_MARTS = tuple(
    sorted(p.stem for p in (DBT_PROJECT_DIR / "models/marts/serving").glob("*.sql"))
)

CUSTOMER_SEGMENTS = {"passive", "carriage_trade", "bargain_basement", "aggressive"}

CENT = 0.005

#: Folders of the serving side in the dbt project; their models' tests are checked below.
SERVING_MODEL_DIRS = (
    "models/intermediate/cost_to_serve",
    "models/segmentation/customer",
    "models/marts/serving",
)


def _serving_model_names() -> set[str]:
    return {
        sql.stem
        for folder in SERVING_MODEL_DIRS
        for sql in (DBT_PROJECT_DIR / folder).glob("*.sql")
    }


@pytest.fixture(scope="module")
def warehouse() -> Iterator[duckdb.DuckDBPyConnection]:
    path: Path = built_demo_warehouse()
    conn = duckdb.connect(str(path), read_only=True)
    yield conn
    conn.close()


@pytest.mark.parametrize("mart", SERVING_MARTS)
def test_serving_mart_is_not_empty(warehouse: duckdb.DuckDBPyConnection, mart: str) -> None:
    (rows,) = warehouse.execute(f"select count(*) from marts.{mart}").fetchone()
    assert rows > 0, f"marts.{mart} is empty"


def test_all_four_customer_segments_are_populated(warehouse: duckdb.DuckDBPyConnection) -> None:
    populated = {
        segment
        for (segment,) in warehouse.execute(
            "select distinct customer_segment from marts.mart_customer_segments"
        ).fetchall()
    }
    assert populated >= CUSTOMER_SEGMENTS


def test_every_cost_pool_month_is_conserved_to_the_cent(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    # Invoiced charges plus freight accruals (estimates for delivered items whose shipment
    # has no freight invoiced yet) = what the lines carry + what stayed unallocated.
    off = warehouse.execute(
        f"""
        select cost_pool, month, charged, accrued, allocated, unallocated
        from intermediate.int_cost_allocation_ledger
        where abs(charged + accrued - allocated - unallocated) >= {CENT}
        """
    ).fetchall()
    assert off == []


def test_freight_accruals_are_reported_apart_from_invoiced_freight(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    # Both parts are reported: the ledger's accruals are the estimates of int_freight_accruals,
    # the lines' accrued freight, and the lines' invoiced freight is the freight charges
    # allocated to them, so freight = invoiced + accrued adds up across the layers.
    (ledger_accrued,) = warehouse.execute(
        "select sum(accrued) from intermediate.int_cost_allocation_ledger"
    ).fetchone()
    (estimated,) = warehouse.execute(
        "select sum(accrued_amount_rc) from intermediate.int_freight_accruals"
    ).fetchone()
    (lines_accrued, lines_invoiced, lines_freight) = warehouse.execute(
        """
        select sum(accrued_freight), sum(invoiced_freight), sum(freight)
        from marts.mart_cost_to_serve_line
        """
    ).fetchone()
    (charges_allocated,) = warehouse.execute(
        """
        select sum(allocated_amount_rc)
        from intermediate.int_freight_charge_allocations
        where cost_pool = 'freight'
        """
    ).fetchone()
    assert estimated > 0
    assert abs(ledger_accrued - estimated) < CENT
    assert abs(lines_accrued - estimated) < CENT
    assert abs(lines_invoiced - charges_allocated) < CENT
    assert abs(lines_freight - (lines_invoiced + lines_accrued)) < CENT


def test_ledger_charges_every_freight_charge_and_pool_month(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    # What the ledger says was charged must be what TMS invoiced up to the as-of date plus the
    # seed pools, counted independently of the allocation models.
    (ledger_charged,) = warehouse.execute(
        "select sum(charged) from intermediate.int_cost_allocation_ledger"
    ).fetchone()
    (tms_charged,) = warehouse.execute(
        """
        select sum(charges.amount_rc)
        from core.fct_freight_charges as charges
        cross join intermediate.int_as_of as as_of
        where charges.invoice_date <= as_of.as_of_date
        """
    ).fetchone()
    (pools_charged,) = warehouse.execute(
        "select sum(charged_amount_rc) from intermediate.int_shared_cost_pool_months"
    ).fetchone()
    assert tms_charged > 0
    assert abs(ledger_charged - (tms_charged + pools_charged)) < CENT


def test_allocated_amounts_land_on_cost_to_serve_lines(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    (allocated,) = warehouse.execute(
        "select sum(allocated) from intermediate.int_cost_allocation_ledger"
    ).fetchone()
    (on_lines,) = warehouse.execute(
        """
        select sum(freight + expediting + returns + shared_overhead)
        from marts.mart_cost_to_serve_line
        """
    ).fetchone()
    assert abs(allocated - on_lines) < CENT


def test_charges_without_known_deliveries_are_recorded_unallocated(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    (count, amount) = warehouse.execute(
        """
        select count(*), sum(unallocated_amount_rc)
        from intermediate.int_cost_pool_unallocated
        where reason = 'no_costed_delivery_items'
        """
    ).fetchone()
    assert count > 0
    assert amount > 0


def test_cost_to_serve_is_the_sum_of_its_activities(warehouse: duckdb.DuckDBPyConnection) -> None:
    (bad_lines,) = warehouse.execute(
        f"""
        select count(*)
        from marts.mart_cost_to_serve_line
        where
            abs(cost_to_serve - (freight + expediting + returns + handling
                                 + order_processing + shared_overhead)) >= {CENT}
            or abs(net_margin - (revenue - cogs - cost_to_serve)) >= {CENT}
            or revenue < 0 or freight < 0 or handling <= 0 or order_processing <= 0
        """
    ).fetchone()
    assert bad_lines == 0


def test_segment_rates_are_fractions(warehouse: duckdb.DuckDBPyConnection) -> None:
    (out_of_range,) = warehouse.execute(
        """
        select count(*)
        from marts.mart_segment_kpis_month
        where otif_rate < 0 or otif_rate > 1
        """
    ).fetchone()
    (with_rate,) = warehouse.execute(
        "select count(*) from marts.mart_segment_kpis_month where otif_rate is not null"
    ).fetchone()
    assert out_of_range == 0
    assert with_rate > 0


def test_segment_kpis_cover_all_three_segment_types(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    types = {
        t
        for (t,) in warehouse.execute(
            "select distinct segment_type from marts.mart_segment_kpis_month"
        ).fetchall()
    }
    assert types == {"product", "customer", "supplier"}


def _tested_model(node: dict) -> str | None:
    """The model a dbt data or unit test belongs to (from the manifest)."""
    if node.get("resource_type") == "unit_test":
        return node.get("model")
    attached = node.get("attached_node") or ""
    return attached.rsplit(".", 1)[-1] if attached.startswith("model.") else None


def test_dbt_unit_and_data_tests_of_serving_models_pass() -> None:
    result = dbt_test_result()
    assert result.run_results.get("results"), result.stdout[-3000:]
    manifest_file = built_demo_warehouse().parent / "dbt_target" / "manifest.json"
    manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    nodes = {**manifest["nodes"], **manifest.get("unit_tests", {})}
    names = _serving_model_names()
    ours = [
        r
        for r in result.run_results.get("results", [])
        if _tested_model(nodes.get(r["unique_id"], {})) in names
    ]
    unit_tests = [r for r in ours if r["unique_id"].startswith("unit_test.")]
    failed = [f"{r['unique_id']}: {r['status']}" for r in ours if r["status"] != "pass"]
    assert len(unit_tests) >= 12
    assert failed == []
