"""The second ERP (Oracle SCM Cloud, business unit BU-ORA) in one conformed model: a product
both systems sell is one ``dim_product`` row with sales from both; an Oracle supplier the
stewards have not mapped is reported in ``mart_data_quality`` (MD03) with its spend and its
spend still reaches every spend total; SAP/Oracle attribute conflicts name the owner; on the
demo year every segment of every segmentation holds members of both business units.

Read from the shared demo warehouse of ``tests.pipeline_fixtures`` (and its demo-year build,
the generator's defaults: XYZ needs 52 weeks of demand, which the 120-day demo lacks).
"""

from __future__ import annotations

from collections.abc import Iterator

import duckdb
import pytest

from generator.oracle import CONFLICTS, ORACLE_UNMAPPED, shared
from tests.pipeline_fixtures import built_demo_warehouse, built_warehouse

CENT = 0.005

#: The demo year: ``chainseg generate``'s defaults (as tests/marts/test_sourcing_marts.py).
DEMO_YEAR = {"scale": 0.01, "days": 365, "seed": 42}
BUSINESS_UNITS = ("BU-CORE", "BU-ORA")
SEGMENTS = (
    (
        "mart_product_segments",
        "product_segment",
        tuple(abc + xyz for abc in "ABC" for xyz in "XYZ"),
    ),
    (
        "mart_supplier_segments",
        "kraljic_segment",
        ("strategic", "leverage", "bottleneck", "routine"),
    ),
    (
        "mart_customer_segments",
        "customer_segment",
        ("aggressive", "bargain_basement", "carriage_trade", "passive"),
    ),
)


@pytest.fixture(scope="module")
def warehouse() -> Iterator[duckdb.DuckDBPyConnection]:
    conn = duckdb.connect(str(built_demo_warehouse()), read_only=True)
    yield conn
    conn.close()


@pytest.fixture(scope="module")
def demo_year() -> Iterator[duckdb.DuckDBPyConnection]:
    conn = duckdb.connect(str(built_warehouse(**DEMO_YEAR)), read_only=True)
    yield conn
    conn.close()


def test_product_sold_through_both_systems_is_one_dim_product_row_with_both_sales(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    both = warehouse.execute(
        "select p.product_id, count(distinct p.source_systems) as rows_in_dim, "
        "count(distinct s.source_system) as systems_selling, "
        "sum(case when s.source_system = 'oracle' then s.net_value_rc end) as oracle_sales, "
        "sum(case when s.source_system = 'sap' then s.net_value_rc end) as sap_sales "
        "from core.dim_product as p "
        "inner join core.fct_sales_order_lines as s on p.product_id = s.product_id "
        "where p.source_systems = 'sap,oracle' group by p.product_id "
        "having count(distinct s.source_system) = 2"
    ).fetchall()
    assert both, "no product is sold through both SAP and Oracle"
    product_id = both[0][0]
    (rows,) = warehouse.execute(
        "select count(*) from core.dim_product where product_id = ?", [product_id]
    ).fetchone()
    assert rows == 1
    assert all(oracle > 0 and sap > 0 for _, _, _, oracle, sap in both)
    # the shared product is an SAP material under an Oracle item number (seed master_xref)
    assert product_id in set(shared("product").values())
    # and the product segment mart values it on the sales of both systems
    (mart_sales,) = warehouse.execute(
        "select sales_value_12m from marts.mart_product_segments where product_id = ?",
        [product_id],
    ).fetchone()
    assert mart_sales > 0


def test_unmapped_oracle_supplier_reported_with_spend_and_kept_in_spend_totals(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    (number,) = ORACLE_UNMAPPED["supplier"]
    global_id = f"ORA-{number}"
    (unmapped,) = warehouse.execute(
        "select is_xref_unmapped from core.dim_supplier where supplier_id = ?", [global_id]
    ).fetchone()
    assert unmapped
    (supplier_spend,) = warehouse.execute(
        "select sum(po_value_rc) from core.fct_purchase_order_lines "
        "where supplier_id = ? and not is_deleted",
        [global_id],
    ).fetchone()
    assert supplier_spend > 0
    (failed, reported) = warehouse.execute(
        "select sum(rows_failed), sum(value_affected_rc) from marts.mart_data_quality "
        "where rule_id = 'MD03' and source = 'oracle/supplier'"
    ).fetchone()
    assert failed == 1
    assert abs(reported - supplier_spend) < CENT
    # never dropped: the spend reaches the spend totals and the supplier segments
    (po_spend,) = warehouse.execute(
        "select sum(po_value_rc) from core.fct_purchase_order_lines where not is_deleted"
    ).fetchone()
    (mart_spend,) = warehouse.execute(
        "select sum(spend) from marts.mart_maverick_spend_month"
    ).fetchone()
    assert abs(po_spend - mart_spend) < CENT
    (segment_spend,) = warehouse.execute(
        "select spend_12m from marts.mart_supplier_segments where supplier_id = ?", [global_id]
    ).fetchone()
    assert segment_spend > 0


def test_sap_oracle_attribute_conflicts_name_the_owning_system(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    sap_id = shared("product")
    expected = {
        (sap_id[CONFLICTS["uom"]], "base_unit"),
        (sap_id[CONFLICTS["category"]], "material_group"),
    }
    found = warehouse.execute(
        "select entity_id, attribute, owner_system, owner_value, other_value "
        "from intermediate.int_attribute_conflicts "
        "where entity = 'product' and other_system = 'oracle'"
    ).fetchall()
    assert {(e, a) for e, a, *_ in found} == expected
    assert {owner for _, _, owner, _, _ in found} == {"erp"}
    # the dimension takes the owner's value
    for entity_id, attribute, _, owner_value, _ in found:
        column = "base_unit" if attribute == "base_unit" else "material_group"
        (value,) = warehouse.execute(
            f"select {column} from core.dim_product where product_id = ?", [entity_id]
        ).fetchone()
        assert value == owner_value


def test_every_fact_carries_its_source_system_and_business_unit(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    for fact in (
        "fct_sales_order_lines",
        "fct_delivery_items",
        "fct_purchase_order_lines",
        "fct_goods_receipts",
        "fct_stock_snapshots",
    ):
        pairs = set(
            warehouse.execute(
                f"select distinct source_system, business_unit from core.{fact}"
            ).fetchall()
        )
        assert pairs == {("sap", "BU-CORE"), ("oracle", "BU-ORA")}, fact


def test_oracle_lines_are_costed_at_their_organisations_standard_cost(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    """oracle/standard_cost (CST_STD_COSTS) reaches dim_product_plant for both inventory
    organisations, so the BU-ORA cost-to-serve lines carry COGS like the SAP ones."""
    plants = dict(
        warehouse.execute(
            "select plant_id, count(*) from core.dim_product_plant "
            "where source_system = 'oracle' and standard_cost_rc > 0 group by 1"
        ).fetchall()
    )
    assert set(plants) == {"ORA-M1", "ORA-D2"}
    (lines, costed, cogs, revenue) = warehouse.execute(
        "select count(*), count(*) filter (where has_standard_cost), sum(cogs), sum(revenue) "
        "from marts.mart_cost_to_serve_line where business_unit = 'BU-ORA'"
    ).fetchone()
    assert lines > 0 and costed >= 0.95 * lines
    assert 0.4 < cogs / revenue < 0.9  # the generator costs items at 55-75 % of list price


def test_oracle_lines_carry_invoiced_freight_allocated_from_tms(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    """BU-ORA deliveries (ORA-<FULFILL_LINE_ID>) travel in TMS shipments, so their freight
    is invoiced and allocated like SAP's, and Oracle customers' cost to serve spreads."""
    (freight, invoiced, revenue) = warehouse.execute(
        "select sum(freight), sum(invoiced_freight), sum(revenue) "
        "from marts.mart_cost_to_serve_line where business_unit = 'BU-ORA'"
    ).fetchone()
    assert invoiced > 0 and invoiced >= 0.8 * freight
    assert 0.01 < freight / revenue < 0.25
    shares = [
        share
        for (share,) in warehouse.execute(
            "select sum(cost_to_serve) / sum(revenue) from marts.mart_cost_to_serve_line "
            "where business_unit = 'BU-ORA' group by customer_id having sum(revenue) > 0"
        ).fetchall()
    ]
    assert len(shares) >= 10
    assert max(shares) - min(shares) > 0.05  # a real spread, not one flat rate


@pytest.mark.parametrize(("mart", "column", "segments"), SEGMENTS, ids=lambda v: str(v)[:22])
def test_every_segment_holds_both_business_units_on_the_demo_year(
    demo_year: duckdb.DuckDBPyConnection, mart: str, column: str, segments: tuple[str, ...]
) -> None:
    rows = demo_year.execute(
        f"select {column}, unit, count(*) from ("
        f"select {column}, trim(unnest(string_split(business_units, ','))) as unit "
        f"from marts.{mart} where business_units is not null) group by 1, 2"
    ).fetchall()
    members = {(segment, unit): count for segment, unit, count in rows}
    empty = [
        (segment, unit)
        for segment in segments
        for unit in BUSINESS_UNITS
        if members.get((segment, unit), 0) == 0
    ]
    assert not empty, f"{mart}: no members for {empty} ({members})"


def test_cost_to_serve_is_8_to_20_percent_of_revenue_on_the_demo_year(
    demo_year: duckdb.DuckDBPyConnection,
) -> None:
    [(cts, revenue)] = demo_year.execute(
        "select sum(cost_to_serve), sum(revenue) from marts.mart_cost_to_serve_line"
    ).fetchall()
    assert 0.08 <= cts / revenue <= 0.20, (cts, revenue)
