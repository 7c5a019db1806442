"""A value that looks wrong but that its source legitimately produces does not stop the run.

SAP allows negative stock in plants configured for it and writes it with a trailing minus
(``5.000-``). Landed in an erp/stock extract, it must reach staging as -5, be reported as a
warning that lists the row, and leave every downstream step running: ``chainseg run`` exits
0, the marts are built, and excess inventory never turns negative
(../shared/spec/sources.md, defects; docs/quality.md, severity by nature).
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from generator import generate
from tests.pipeline_fixtures import chainseg_cli

DAYS = 5


def _land_negative_stock(landing: Path) -> tuple[str, str]:
    """Rewrite the first row of the last stock extract with LABST ``5.000-``; its ids."""
    stock_file = sorted((landing / "erp/stock").glob("*/*.csv"))[-1]
    header, first, *rest = stock_file.read_text(encoding="utf-8").splitlines()
    fields = first.split("|")
    columns = header.split("|")
    fields[columns.index("LABST")] = "5.000-"
    stock_file.write_text("\n".join([header, "|".join(fields), *rest]) + "\n", encoding="utf-8")
    return fields[columns.index("MATNR")].lstrip("0"), fields[columns.index("WERKS")]


@pytest.fixture(scope="module")
def negative_stock_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("negative-stock")
    landing = folder / "landing"
    generate(landing, scale=0.01, days=DAYS, seed=7)
    product_id, plant_id = _land_negative_stock(landing)
    home = folder / "home"
    result = chainseg_cli("run", home=home, landing=landing)
    return result, home, product_id, plant_id


def test_negative_stock_warns_and_the_run_exits_0(negative_stock_run):
    result, _, product_id, _ = negative_stock_run
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    assert "failed check" not in result.stdout
    assert "warned check: stg_erp__stock:gx_suite" in result.stdout
    assert "stock quantities are not negative" in result.stdout
    # the warning lists the row: the product and its negative quantity
    warning = result.stdout.split("warned check: stg_erp__stock:gx_suite", 1)[1]
    assert product_id in warning and "-5.0" in warning


def test_negative_stock_is_kept_and_the_marts_handle_it(negative_stock_run):
    _, home, product_id, plant_id = negative_stock_run
    conn = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        kept = conn.execute(
            "select unrestricted_qty from staging.stg_erp__stock "
            "where product_id = ? and plant_id = ? and unrestricted_qty < 0",
            [product_id, plant_id],
        ).fetchall()
        negative_excess = conn.execute(
            "select count(*) from marts.mart_hidden_costs_month where excess_inventory < 0"
        ).fetchone()
        marts = conn.execute(
            "select count(*) from information_schema.tables where table_schema = 'marts'"
        ).fetchone()
    finally:
        conn.close()
    assert kept == [(-5.0,)]
    assert negative_excess == (0,)
    assert marts is not None and marts[0] >= 14
