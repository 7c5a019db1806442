"""Sourcing-side marts on generator data: every mart filled, every Kraljic quadrant and ABC
class populated, spend conserved from PO lines to the maverick mart, rates within [0, 1],
and the sourcing alerts handed on to ``mart_kpi_alerts``.

The fast tests read the shared demo warehouse of ``tests.pipeline_fixtures`` (a 120-day
dataset). XYZ is measured over the trailing 52 ISO weeks, so on 120 days of history every
product is ``Z`` by definition (35 zero weeks); the check that all nine ABC-XYZ cells occur
therefore needs the full demo year and is marked ``slow``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from settings.paths import DBT_PROJECT_DIR
from tests.pipeline_fixtures import built_demo_warehouse, built_warehouse

#: Every mart of the sourcing side: the models in its folder.
SOURCING_MARTS = tuple(
    sorted(p.stem for p in (DBT_PROJECT_DIR / "models/marts/sourcing").glob("*.sql"))
)

KRALJIC_SEGMENTS = {"strategic", "leverage", "bottleneck", "routine"}

#: The generator gives every product a steady, seasonal or intermittent demand pattern and a
#: Pareto volume weight independently of each other, so every ABC-XYZ cell is designed for.
ABC_XYZ_CELLS = {abc + xyz for abc in "ABC" for xyz in "XYZ"}
LAUNCH_CELLS = {abc + "new" for abc in "ABC"}

#: The demo year: the generator's defaults (``chainseg generate``), 365 days from 2025-01-01.
DEMO_YEAR = {"scale": 0.01, "days": 365, "seed": 42}

CENT = 0.005


def _connect(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    conn = duckdb.connect(str(path), read_only=True)
    yield conn
    conn.close()


@pytest.fixture(scope="module")
def warehouse() -> Iterator[duckdb.DuckDBPyConnection]:
    yield from _connect(built_demo_warehouse())


@pytest.fixture(scope="module")
def demo_year() -> Iterator[duckdb.DuckDBPyConnection]:
    yield from _connect(built_warehouse(**DEMO_YEAR))


def _distinct(conn: duckdb.DuckDBPyConnection, column: str, table: str) -> set[str]:
    return {value for (value,) in conn.execute(f"select distinct {column} from {table}").fetchall()}


@pytest.mark.parametrize("mart", SOURCING_MARTS)
def test_sourcing_mart_is_not_empty(warehouse: duckdb.DuckDBPyConnection, mart: str) -> None:
    (rows,) = warehouse.execute(f"select count(*) from marts.{mart}").fetchone()
    assert rows > 0, f"marts.{mart} is empty"


def test_all_four_kraljic_quadrants_are_populated(warehouse: duckdb.DuckDBPyConnection) -> None:
    populated = _distinct(warehouse, "kraljic_segment", "marts.mart_supplier_segments")
    assert populated == KRALJIC_SEGMENTS


def test_every_supplier_and_product_of_the_master_is_segmented(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    (missing_products,) = warehouse.execute(
        """
        select count(*) from core.dim_product as p
        where not p.is_unknown_member
            and p.product_id not in (select product_id from marts.mart_product_segments)
        """
    ).fetchone()
    (missing_suppliers,) = warehouse.execute(
        """
        select count(*) from core.dim_supplier as s
        where not s.is_unknown_member
            and s.supplier_id not in (select supplier_id from marts.mart_supplier_segments)
        """
    ).fetchone()
    assert (missing_products, missing_suppliers) == (0, 0)


def test_abc_classes_follow_the_share_before_cuts(warehouse: duckdb.DuckDBPyConnection) -> None:
    # Independently of the model's own columns: recompute each product's share before from
    # the mart's ABC values and check the class against the 80 % / 95 % cuts. The value is
    # sales, or purchases for raw and packaging materials (demand basis consumption), each
    # basis ranked on its own.
    wrong = warehouse.execute(
        """
        with ranked as (
            select
                product_id,
                abc_class,
                abc_value_12m,
                coalesce(sum(abc_value_12m) over (
                    partition by demand_basis
                    order by abc_value_12m desc, product_id
                    rows between unbounded preceding and 1 preceding), 0)
                / sum(abc_value_12m) over (partition by demand_basis) as share_before
            from marts.mart_product_segments
            where abc_value_12m > 0
        )
        select product_id from ranked
        where abc_class <> case when share_before < 0.80 then 'A'
                                when share_before < 0.95 then 'B' else 'C' end
        union all
        select product_id from marts.mart_product_segments
        where abc_value_12m = 0 and abc_class <> 'C'
        union all
        select product_id from marts.mart_product_segments
        where demand_basis = 'sales' and abc_value_12m <> sales_value_12m
        """
    ).fetchall()
    assert wrong == []
    assert _distinct(warehouse, "abc_class", "marts.mart_product_segments") == {"A", "B", "C"}


def test_po_spend_is_conserved_into_the_maverick_mart(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    (po_spend,) = warehouse.execute(
        "select sum(po_value_rc) from core.fct_purchase_order_lines where not is_deleted"
    ).fetchone()
    (mart_spend, mart_maverick) = warehouse.execute(
        "select sum(spend), sum(maverick_spend) from marts.mart_maverick_spend_month"
    ).fetchone()
    (line_maverick,) = warehouse.execute(
        "select sum(spend) from marts.mart_contract_compliance where is_maverick"
    ).fetchone()
    assert abs(po_spend - mart_spend) < CENT
    assert abs(line_maverick - mart_maverick) < CENT
    assert 0 < mart_maverick < mart_spend


def test_scorecard_rates_and_scores_are_fractions(warehouse: duckdb.DuckDBPyConnection) -> None:
    columns = (
        "otd_rate",
        "in_full_rate",
        "otif_rate",
        "quality_rate",
        "price_compliance_rate",
        "weighted_score",
    )
    outside = {
        column: warehouse.execute(
            f"select count(*) from marts.mart_supplier_scorecard_month "
            f"where {column} < 0 or {column} > 1"
        ).fetchone()[0]
        for column in columns
    }
    assert outside == dict.fromkeys(columns, 0)
    (scored,) = warehouse.execute(
        "select count(weighted_score) from marts.mart_supplier_scorecard_month"
    ).fetchone()
    assert scored > 0


def test_sourcing_alerts_are_handed_on_to_the_alert_mart(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    """Every breach month judged (volume at the seed's minimum) lies within an episode of the
    mart: opened on or before it, its last breach month on or after it."""
    missing = warehouse.execute(
        """
        select judged.alert_type, judged.subject_id, judged.month
        from intermediate.int_sourcing_alerts as judged
        left join seeds.alert_minimum_volumes as minimum using (alert_type)
        where judged.is_breach and judged.volume >= coalesce(minimum.min_volume, 0)
        and not exists (
            select 1 from marts.mart_kpi_alerts as episode
            where episode.alert_type = judged.alert_type
            and episode.subject_id = judged.subject_id
            and judged.month between episode.month and episode.last_breach_month
        )
        """
    ).fetchall()
    assert missing == []


@pytest.mark.slow
def test_every_abc_xyz_cell_and_quadrant_on_the_demo_year(
    demo_year: duckdb.DuckDBPyConnection,
) -> None:
    cells = _distinct(demo_year, "product_segment", "marts.mart_product_segments")
    quadrants = _distinct(demo_year, "kraljic_segment", "marts.mart_supplier_segments")
    empty = [
        mart
        for mart in SOURCING_MARTS
        if demo_year.execute(f"select count(*) from marts.{mart}").fetchone()[0] == 0
    ]
    assert (cells - LAUNCH_CELLS, quadrants, empty) == (ABC_XYZ_CELLS, KRALJIC_SEGMENTS, [])


@pytest.mark.slow
def test_the_demo_year_has_launch_and_phase_out_products(
    demo_year: duckdb.DuckDBPyConnection,
) -> None:
    # Launch products (first sale within the seed's weeks) are XYZ class new; phase-out ones
    # (no sale for the seed's weeks, stock left) are flagged.
    stages = dict(
        demo_year.execute(
            "select lifecycle_stage, count(*) from marts.mart_product_segments group by 1"
        ).fetchall()
    )
    launch_classes = _distinct(
        demo_year, "xyz_class", "marts.mart_product_segments where lifecycle_stage = 'launch'"
    )
    assert stages.get("launch", 0) > 0 and stages.get("phase_out", 0) > 0, stages
    assert launch_classes == {"new"}
