"""The demo business is believable by construction (issue 16): its shape, held to ranges.

The figures come from ``generator.shape.measure`` on the simulation the demo writes (scale
0.01, one year, defects on) for two seeds, plus a few read back from the landed files; the
tabled demo values are in docs/generator.md. Ranges, not exact values: a change of the
simulation may move a figure, not take it out of a believable business.
"""

from __future__ import annotations

import duckdb
import pytest
from read_extracts import ERP_CSV, files_sql

from generator.shape import measure


@pytest.fixture(scope="module", params=[42, 7], ids=lambda seed: f"seed{seed}")
def shape(request) -> dict:
    return measure(scale=0.01, seed=request.param)


def test_freight_is_a_believable_share_of_revenue(shape):
    # with handling, order processing and overhead (~5 % of revenue) cost to serve lands at
    # 8-20 % of revenue; the demo warehouse test holds that figure itself
    assert 0.04 <= shape["freight_share_of_revenue"] <= 0.11
    assert shape["expedite_share_of_revenue"] <= 0.02
    by_mode = shape["freight_by_mode_eur"]
    road = by_mode.get("PARCEL", 0) + by_mode.get("LTL", 0) + by_mode.get("TL", 0)
    assert road > sum(by_mode.values()) / 2  # most freight is road freight


def test_shipments_consolidate_several_deliveries(shape):
    assert shape["deliveries_per_shipment"] >= 1.6


def test_ocean_carries_consolidated_consignments_and_air_only_urgent_small_ones(shape):
    assert shape["ocean_shipments"] > 0
    assert shape["ocean_mean_kg"] >= 40  # fortnightly sailings, not one parcel at a time
    assert shape["air_all_urgent"]
    assert shape["air_max_kg"] <= 150


def test_inventory_turns_and_excess_are_those_of_a_running_business(shape):
    assert 4 <= shape["inventory_turns"] <= 12
    assert shape["excess_share_of_stock"] < 0.25
    assert shape["safety_share_of_stock"] < 0.5


def test_suppliers_have_their_own_reliability(shape):
    # suppliers with five or more measured lines: scorecards separate good from poor
    assert 0.55 <= shape["supplier_on_time_min"] <= 0.7
    assert 0.9 <= shape["supplier_on_time_max"] <= 0.99


def test_purchase_orders_are_open_and_not_yet_due_at_the_end(shape):
    assert shape["open_po_lines_not_yet_due"] >= 20


def test_maverick_spend_is_a_minority_of_spend(shape):
    assert 0.05 <= shape["maverick_share_of_spend"] <= 0.15


def test_e_commerce_is_present_at_demo_scale(shape):
    assert shape["ecommerce_customers"] >= 3
    assert 0.01 <= shape["ecommerce_revenue_share"] <= 0.2


def test_demand_variability_is_spread_without_gaps(shape):
    # every tenth of CoV between 0.1 and 1.5 holds products (XYZ borders at 0.5 and 1.0),
    # and no two neighbouring CoVs up to 2.0 are 0.2 apart
    per_tenth = shape["cov_per_tenth_0_1_to_1_5"]
    assert all(n > 0 for n in per_tenth), per_tenth
    assert shape["cov_largest_gap_0_1_to_2"] < 0.2


@pytest.fixture(scope="module")
def landed(demo):
    files = files_sql(demo)
    c = duckdb.connect()
    for view, entity in (("po", "purchase_order_item"), ("customer", "customer")):
        c.sql(f"create view {view} as select * from read_csv({files('erp/' + entity)}, {ERP_CSV})")
    c.sql(
        f"create view shipment as select * from read_json({files('tms/shipment')}, "
        "format='newline_delimited', union_by_name=true, ignore_errors=true)"
    )
    return c


def test_the_extracts_show_the_shape(landed, demo):
    _, manifest = demo
    last = manifest["parameters"]["start"].replace("-", "")  # one year: the end is a year on
    [(per_shipment,)] = landed.sql("""
        select avg(json_array_length(deliveries::json)) from (
            select distinct shipment_id, deliveries from shipment where status = 'DELIVERED'
        )
    """).fetchall()
    assert per_shipment >= 1.6
    [(open_lines,)] = landed.sql(f"""
        select count(distinct (EBELN, EBELP)) from po
        where try_strptime(EINDT, '%Y%m%d') > strptime('{last}', '%Y%m%d') + interval 364 day
    """).fetchall()
    assert open_lines > 0
    [(e_commerce,)] = landed.sql(
        "select count(distinct KUNNR) from customer where VTWEG = '30'"
    ).fetchall()
    assert e_commerce >= 3
