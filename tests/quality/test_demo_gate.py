"""The gate on real pipeline output: the demo warehouse passes; planted violations fail it.

The demo warehouse is the shared one (generator -> ingestion -> dbt, built once per session
by ``tests.pipeline_fixtures``); the planting tests work on a copy of it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from xml.etree import ElementTree as ET

import duckdb
import pytest

from chainseg.check import run_check
from expectations.runner import run_suites
from tests.pipeline_fixtures import built_demo_warehouse

CR03 = (
    "stg_procurement__quality_notifications: "
    "CR03: defect_qty <= inspected_qty and quantities >= 0, or quarantined as CR03"
)
# A mart's business rule fails its suite; its null key fails a dbt test (test_check_homes.py).
NET_MARGIN = "mart_cost_to_serve_line: net_margin = revenue - cogs - cost_to_serve"
NULL_KEY = (
    "dbt_tests: primary_key_mart_cost_to_serve_line_sales_order_id__sales_order_item__"
    "customer_id__product_id__order_date__revenue__cogs__cost_to_serve__net_margin"
)


@pytest.fixture(scope="module")
def demo_outcomes():
    return run_suites(built_demo_warehouse())


def test_every_expectation_evaluates_on_the_real_models(demo_outcomes):
    raised = [
        f"{o.suite}: {o.name}: {o.exception}"
        for suite in demo_outcomes
        for o in suite.outcomes
        if o.exception
    ]

    assert raised == []
    assert all(suite.table for suite in demo_outcomes)


def test_demo_warehouse_passes_every_error_expectation(demo_outcomes):
    blocking = [
        f"{o.suite}: {o.name}: {o.exception or list(o.sample)}"
        for s in demo_outcomes
        for o in s.blocking_failures
    ]

    assert blocking == []


def _plant(warehouse) -> None:
    """A defect above its inspected quantity in staging; in a mart a null key and a line whose
    net margin is not revenue - COGS - cost to serve."""
    connection = duckdb.connect(str(warehouse))
    try:
        # Staging of notifications is an incremental table: break one valid notification.
        connection.execute(
            "update staging.stg_procurement__quality_notifications "
            "set defect_qty = inspected_qty + 1 where notification_id = ("
            "select min(notification_id) from core.fct_quality_notifications)"
        )
        # The mart's contract declares the key not null; rebuild it without the constraint.
        connection.execute(
            "create or replace table marts.mart_cost_to_serve_line as "
            "select * replace ("
            "case when row_number() over (order by sales_order_id, sales_order_item) = 1 "
            "then null else sales_order_id end as sales_order_id, "
            "case when row_number() over (order by sales_order_id, sales_order_item) = 2 "
            "then net_margin + 1 else net_margin end as net_margin) "
            "from marts.mart_cost_to_serve_line"
        )
    finally:
        connection.close()


def test_planted_staging_and_mart_violations_fail_check_and_are_named_in_junit(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copyfile(built_demo_warehouse(), warehouse)
    _plant(warehouse)
    junit = tmp_path / "junit.xml"

    code = run_check(warehouse, junit=junit, report_dir=tmp_path / "reports")

    assert code == 1
    failed = [
        case.get("name")
        for case in ET.parse(junit).getroot().iter("testcase")
        if case.find("failure") is not None
    ]
    assert sorted(failed) == sorted([CR03, NET_MARGIN, NULL_KEY])


_CHECK_WITHOUT_DAGSTER = """
import sys
from chainseg.cli import main

code = main(["check"])
print("exit", code, "dagster loaded:", sorted(m for m in sys.modules if m.startswith("dagster")))
"""


def test_chainseg_check_gates_the_demo_without_loading_dagster(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copyfile(built_demo_warehouse(), warehouse)
    env = {**os.environ, "CHAINSEG_HOME": str(tmp_path), "CHAINSEG_WAREHOUSE": str(warehouse)}

    proc = subprocess.run(
        [sys.executable, "-c", _CHECK_WITHOUT_DAGSTER],
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
    )

    assert proc.stdout.splitlines()[-1] == "exit 0 dagster loaded: []", proc.stdout + proc.stderr
