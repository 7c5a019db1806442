"""The marts' pictures and previews, and the figures the dbt steps attach to their events."""

from __future__ import annotations

from types import SimpleNamespace

import dagster as dg
import duckdb
import pytest

import pictures

MARTS = """
create schema marts;
create table marts.mart_product_segments as
    select * from (values ('p1', 'A', 'X', 100.0), ('p2', 'A', 'Z', 50.0), ('p3', 'C', 'Y', 1.0))
    t(product_id, abc_class, xyz_class, sales_value_12m);
create table marts.mart_supplier_segments as
    select * from (values ('s1', 'strategic', 500.0), ('s2', 'routine', 20.0),
                          ('s3', 'routine', 30.0))
    t(supplier_id, kraljic_segment, spend_12m);
create table marts.mart_cost_to_serve_customer_month as
    select * from (values ('c1', date '2025-01-01', 30.0), ('c1', date '2025-02-01', 20.0),
                          ('c2', date '2025-01-01', -80.0), ('c3', date '2025-01-01', 5.0))
    t(customer_id, month, net_margin);
create table marts.mart_kpi_alerts as select 'a|b' as alert, 1.5 as value;
create schema staging;
create view staging.stg_orders as select error('a view was scanned') as order_id;
"""


@pytest.fixture
def warehouse(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(path)) as conn:
        conn.execute(MARTS)
    return path


@pytest.mark.parametrize(
    ("mart", "key"),
    [
        ("mart_product_segments", "abc_xyz_matrix"),
        ("mart_supplier_segments", "kraljic_matrix"),
        ("mart_cost_to_serve_customer_month", "whale_curve"),
    ],
)
def test_each_segment_mart_has_its_picture_as_a_png(warehouse, mart, key):
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        charts = pictures.render_charts(conn, mart)

    [(found, (title, png))] = charts.items()
    assert found == key
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert pictures.png_markdown(png, title).startswith(f"![{title}](data:image/png;base64,")


def test_other_marts_have_no_picture(warehouse):
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        assert pictures.render_charts(conn, "mart_kpi_alerts") == {}


def test_preview_is_a_markdown_table_of_the_first_rows(warehouse):
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        preview = pictures.preview_markdown(conn, "marts.mart_supplier_segments", rows=2)
        escaped = pictures.preview_markdown(conn, "marts.mart_kpi_alerts")

    assert preview.splitlines() == [
        "| supplier_id | kraljic_segment | spend_12m |",
        "|---|---|---|",
        "| s1 | strategic | 500.00 |",
        "| s2 | routine | 20.00 |",
    ]
    assert escaped.splitlines()[-1] == "| a\\|b | 1.50 |"


def test_dbt_events_get_row_counts_and_marts_their_preview_and_pictures(warehouse):
    from orchestration.defs.dbt import _with_figures

    def node(name: str, layer: str, schema: str = "marts", materialized: str = "table") -> dict:
        return {
            "name": name,
            "resource_type": "model",
            "schema": schema,
            "fqn": ["chainseg", layer, name],
            "config": {"materialized": materialized},
        }

    manifest = {
        "nodes": {
            "model.chainseg.mart_supplier_segments": node("mart_supplier_segments", "marts"),
            "model.chainseg.mart_kpi_alerts": node("mart_kpi_alerts", "intermediate"),
            "model.chainseg.stg_orders": node("stg_orders", "staging", "staging", "view"),
        }
    }
    events = [
        dg.Output(None, output_name=name, metadata={"unique_id": f"model.chainseg.{name}"})
        for name in ("mart_supplier_segments", "mart_kpi_alerts", "stg_orders")
    ]
    logged: list[str] = []
    context = SimpleNamespace(log=SimpleNamespace(info=logged.append, warning=logged.append))

    described = _with_figures(context, events, warehouse, manifest)  # type: ignore[arg-type]

    supplier, alerts, view = (event.metadata for event in described)
    assert supplier["dagster/row_count"].value == 3
    assert alerts["dagster/row_count"].value == 1
    assert {"preview", "kraljic_matrix"} <= set(supplier)
    assert "preview" not in alerts  # not a mart by its folder
    # a view is not counted (counting runs its query: the staging views over all raw history);
    # this one would fail if it were scanned
    assert "dagster/row_count" not in view
    assert logged[-1].startswith(
        "row counts of 2 tables and seeds (1 views not counted), previews and pictures of "
        "1 marts in "
    )


def test_the_migration_matrix_is_drawn_with_and_without_two_periods(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(path)) as conn:
        conn.execute(
            "create schema marts; create table marts.mart_segment_migration ("
            "entity_type varchar, comparison varchar, from_period_end date, to_period_end date, "
            "from_segment varchar, to_segment varchar, members bigint, stability_rate double)"
        )
        [(title, empty)] = pictures.render_charts(conn, "mart_segment_migration").values()
        conn.execute(
            "insert into marts.mart_segment_migration values "
            "('product', 'quarter', '2025-03-31', '2025-06-30', 'AX', 'AX', 3, 0.75), "
            "('product', 'quarter', '2025-03-31', '2025-06-30', 'AX', 'BX', 1, 0.75), "
            "('supplier', 'month', '2025-05-31', '2025-06-30', 'routine', '(none)', 1, 0.0), "
            "('customer', 'quarter', '2025-03-31', '2025-06-30', '(none)', 'passive', 2, null)"
        )
        [(_, drawn)] = pictures.render_charts(conn, "mart_segment_migration").values()

    assert title == "Segment migration matrix"
    assert empty.startswith(b"\x89PNG") and drawn.startswith(b"\x89PNG")
    assert drawn != empty
