"""The cost-to-serve and segment lines of `chainseg run`'s summary, on a tiny warehouse."""

from __future__ import annotations

import duckdb

from chainseg.summary import (
    _tables,
    cost_to_serve_by_business_unit_line,
    cost_to_serve_share_line,
    rows_per_layer_line,
    segment_lines,
)


def _warehouse(with_segments: bool = True) -> duckdb.DuckDBPyConnection:
    conn = duckdb.connect()
    conn.execute("create schema marts")
    conn.execute(
        "create table marts.mart_cost_to_serve_line (revenue double, cost_to_serve double)"
    )
    conn.execute(
        "insert into marts.mart_cost_to_serve_line values (1000, 100), (1500, 90.4), (0, 20)"
    )
    if with_segments:
        conn.execute("create table marts.mart_customer_segments (net_margin_12m double)")
        conn.execute("insert into marts.mart_customer_segments values (-5), (40), (0), (12.5)")
    return conn


def test_cost_to_serve_is_shown_as_a_share_of_revenue_with_the_losing_customers():
    conn = _warehouse()

    line = cost_to_serve_share_line(conn, _tables(conn), "EUR")

    assert line == (
        "cost to serve: 8.4 % of revenue (210 of 2,500 EUR; 1 of 4 customers unprofitable)"
    )


def test_without_segments_or_revenue_the_line_still_reads():
    conn = _warehouse(with_segments=False)
    conn.execute("delete from marts.mart_cost_to_serve_line")

    line = cost_to_serve_share_line(conn, _tables(conn), "")

    assert line == "cost to serve: n/a of revenue (0 of 0)"


def test_cost_to_serve_share_per_business_unit():
    conn = duckdb.connect()
    conn.execute("create schema marts")
    conn.execute(
        "create table marts.mart_cost_to_serve_line "
        "(business_unit varchar, revenue double, cost_to_serve double)"
    )
    conn.execute(
        "insert into marts.mart_cost_to_serve_line values "
        "('BU-CORE', 1000, 100), ('BU-CORE', 1500, 90.4), ('BU-ORA', 400, 60), ('BU-ORA', 0, 2)"
    )

    line = cost_to_serve_by_business_unit_line(conn, "EUR")

    assert line == (
        "cost to serve by business unit: BU-CORE 7.6 % (190 of 2,500 EUR), "
        "BU-ORA 15.5 % (62 of 400 EUR)"
    )
    assert cost_to_serve_by_business_unit_line(_warehouse(), "EUR") == ""


def test_segment_members_per_business_unit():
    conn = duckdb.connect()
    conn.execute("create schema marts")
    conn.execute(
        "create table marts.mart_supplier_segments "
        "(supplier_id varchar, kraljic_segment varchar, business_units varchar)"
    )
    conn.execute(
        "insert into marts.mart_supplier_segments values "
        "('1', 'strategic', 'BU-CORE'), ('2', 'strategic', 'BU-CORE,BU-ORA'), "
        "('3', 'routine', 'BU-ORA'), ('4', 'bottleneck', 'BU-CORE'), ('5', 'routine', null)"
    )

    lines = segment_lines(
        conn, "marts.mart_supplier_segments", "suppliers per Kraljic quadrant", "kraljic_segment"
    )

    # a member of both units counts in each; an empty cell shows as 0
    assert lines == [
        "suppliers per Kraljic quadrant: bottleneck 1, routine 2, strategic 2",
        "  BU-CORE: bottleneck 1, routine 0, strategic 2",
        "  BU-ORA: bottleneck 0, routine 1, strategic 1",
    ]


def test_segment_line_without_business_units_is_the_count_alone():
    conn = duckdb.connect()
    conn.execute("create schema marts")
    conn.execute("create table marts.mart_customer_segments (customer_segment varchar)")
    conn.execute("insert into marts.mart_customer_segments values ('passive'), ('passive')")

    lines = segment_lines(
        conn, "marts.mart_customer_segments", "customers per segment", "customer_segment"
    )

    assert lines == ["customers per segment: passive 2"]


def test_rows_per_layer_counts_tables_and_names_the_views_it_does_not_count():
    conn = duckdb.connect()
    conn.execute("create schema raw")
    conn.execute("create table raw.orders as select * from range(5)")
    conn.execute("create table raw.lines as select * from range(7)")
    conn.execute("create schema staging")
    conn.execute("create table staging.stg_stock as select * from range(3)")
    # counting a view runs its query (a staging view's over the whole raw history): these two
    # would fail if they were scanned
    conn.execute("create view staging.stg_orders as select error('scanned') as order_id")
    conn.execute("create view staging.stg_lines as select error('scanned') as line_id")
    conn.execute("create schema audit")
    conn.execute("create view audit.v_loads as select error('scanned') as load_id")
    conn.execute("create schema _chainseg")  # the platform's bookkeeping: no layer
    conn.execute("create table _chainseg.built_inputs as select * from range(2)")

    line = rows_per_layer_line(conn)

    assert line == (
        "rows per layer: audit (1 view not counted), raw 12, staging 3 (2 views not counted)"
    )
