"""Decision marts on the demo data: the what-if baseline reproduces the cost-to-serve marts to
the cent; the two shipped scenarios, built by ``decisions.whatif`` on a copy of the demo
warehouse, move only their segment and their totals across segments equal the pools their
drivers call for; the benchmark, break-even and SLA marts are filled.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from decisions import whatif
from tests.pipeline_fixtures import built_demo_warehouse

CENT = 0.005
MONEY = ("revenue", "cogs", "freight", "handling", "order_processing", "expediting", "returns",
         "shared_overhead", "cost_to_serve", "net_margin")  # fmt: skip


@pytest.fixture(scope="module")
def warehouse() -> Iterator[duckdb.DuckDBPyConnection]:
    conn = duckdb.connect(str(built_demo_warehouse()), read_only=True)
    yield conn
    conn.close()


@pytest.fixture(scope="module")
def scenario_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the demo warehouse with both shipped scenarios built into it."""
    folder = tmp_path_factory.mktemp("whatif")
    path = folder / "warehouse.duckdb"
    shutil.copyfile(built_demo_warehouse(), path)
    whatif.run(path, whatif.available(), folder / "dbt")
    return path


@pytest.fixture(scope="module")
def scenario_warehouse(scenario_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    conn = duckdb.connect(str(scenario_path), read_only=True)
    yield conn
    conn.close()


def _segment_sums(conn: duckdb.DuckDBPyConnection, sql: str) -> dict[tuple[str, str], float]:
    return {(segment, measure): value for segment, measure, value in conn.execute(sql).fetchall()}


@pytest.mark.parametrize("column", ["baseline_value", "scenario_value"])
def test_baseline_scenario_equals_the_cost_to_serve_marts_to_the_cent(
    warehouse: duckdb.DuckDBPyConnection, column: str
) -> None:
    unpivot = " union all ".join(
        f"select customer_segment, '{m}', sum({m}) from marts.mart_cost_to_serve_customer_month "
        "group by customer_segment"
        for m in MONEY
    )
    marts = _segment_sums(warehouse, unpivot)
    baseline = _segment_sums(
        warehouse,
        f"select customer_segment, measure, {column} from marts.mart_whatif_results "
        f"where scenario_id = 'baseline' and measure in {MONEY}",
    )

    assert baseline.keys() == marts.keys()
    off = {k: (baseline[k], marts[k]) for k in marts if abs(baseline[k] - marts[k]) > CENT}
    assert off == {}


def test_shipped_scenarios_move_their_segment_and_only_it(
    scenario_warehouse: duckdb.DuckDBPyConnection,
) -> None:
    moved = scenario_warehouse.execute(
        "select scenario_id, customer_segment, is_scenario_segment, "
        "max(abs(delta)) filter (where measure = 'cost_to_serve') "
        "from marts.mart_whatif_results where scenario_id <> 'baseline' "
        "group by all order by 1, 2"
    ).fetchall()

    assert {s for s, *_ in moved} == set(whatif.available())
    assert all((change > CENT) == own for _, _, own, change in moved), moved


def test_scenario_totals_across_segments_equal_the_scenario_pools(
    scenario_warehouse: duckdb.DuckDBPyConnection,
) -> None:
    """Freight: the baseline pool less the fixed parts saved (every merged shipment pays the
    largest fixed part of its members once); handling: the scenario's delivery items and kg
    at the rates; order processing: the scenario's orders at the rate; shared overhead: the
    pools as allocated in the baseline."""
    conn = scenario_warehouse
    totals = _segment_sums(
        conn,
        "select scenario_id, measure, sum(scenario_value) from marts.mart_whatif_results "
        "group by scenario_id, measure",
    )
    (item_rate, kg_rate, order_rate) = conn.execute(
        "select handling_rate_per_delivery_item, handling_rate_per_kg, "
        "order_processing_rate_per_order from seeds.serving_cost_rates"
    ).fetchone()
    (base_freight,) = conn.execute(
        "select sum(freight) from intermediate.int_cost_to_serve_lines"
    ).fetchone()
    (overhead,) = conn.execute(
        "select sum(allocated_amount_rc) from intermediate.int_shared_overhead_allocations"
    ).fetchone()
    saved = dict(
        conn.execute(
            """
            with members as (
                select distinct scenario_id, scenario_shipment_key, shipment_id, fixed_freight_rc
                from intermediate.int_whatif_item_keys
                join intermediate.int_whatif_shipment_fixed_costs using (shipment_id)
            )
            select scenario_id, sum(fixed) from (
                select scenario_id, sum(fixed_freight_rc) - max(fixed_freight_rc) as fixed
                from members group by scenario_id, scenario_shipment_key
            ) group by scenario_id
            """
        ).fetchall()
    )
    drivers = conn.execute(
        """
        select scenario_id, sum(scenario_delivery_item_count), sum(delivered_weight_kg),
            count(distinct scenario_order_key)
        from intermediate.int_whatif_lines group by scenario_id
        union all
        select 'baseline', sum(delivery_item_count), sum(delivered_weight_kg),
            count(distinct sales_order_id)
        from intermediate.int_cost_to_serve_lines
        """
    ).fetchall()

    for scenario, items, kg, orders in drivers:
        pools = {
            "freight": base_freight - saved.get(scenario, 0.0),
            "handling": items * item_rate + kg * kg_rate,
            "order_processing": orders * order_rate,
            "shared_overhead": overhead,
        }
        for measure, pool in pools.items():
            assert totals[(scenario, measure)] == pytest.approx(pool, abs=CENT), (scenario, measure)
    # the baseline re-keys nothing: the lever models hold no row of it
    assert saved["bargain_basement_weekly"] > 0 and "baseline" not in saved


def test_whatif_table_prints_each_scenario_segment(
    scenario_path: Path, scenario_warehouse: duckdb.DuckDBPyConnection
) -> None:
    rows = whatif.results(scenario_path, whatif.available())

    table = whatif.render(rows)

    assert "bargain_basement_weekly  bargain_basement" in table
    assert "min_order_value" in table and "otif_risk_share" in table


@pytest.mark.parametrize(
    "mart", ["mart_logistics_benchmark_month", "mart_investment_break_even", "mart_sla_feasibility"]
)
def test_decision_mart_is_not_empty(warehouse: duckdb.DuckDBPyConnection, mart: str) -> None:
    (rows,) = warehouse.execute(f"select count(*) from marts.{mart}").fetchone()
    assert rows > 0


def test_some_contract_conflicts_with_its_segment_policy(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    (conflicts,) = warehouse.execute(
        "select count(*) from marts.mart_sla_feasibility where conflict is not null"
    ).fetchone()
    assert conflicts > 0


def test_whatif_asset_builds_the_configured_scenario(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dagster as dg

    from orchestration.defs.decisions import whatif_scenarios
    from orchestration.warehouse import WarehouseResource

    monkeypatch.setenv("CHAINSEG_HOME", str(tmp_path))  # its dbt run folders land there
    path = tmp_path / "warehouse.duckdb"
    shutil.copyfile(built_demo_warehouse(), path)

    result = dg.materialize(
        [whatif_scenarios],
        resources={"warehouse": WarehouseResource(warehouse_path=str(path))},
        run_config={"ops": {"whatif_scenarios": {"config": {"scenarios": ["min_order_value"]}}}},
    )

    assert result.success
    with duckdb.connect(str(path), read_only=True) as conn:
        built = {
            s
            for (s,) in conn.execute(
                "select distinct scenario_id from marts.mart_whatif_results"
            ).fetchall()
        }
    assert built == {"baseline", "min_order_value"}
