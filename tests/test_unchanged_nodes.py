"""Which models and seeds a daily run leaves as built (orchestration/unchanged.py), on a tiny
warehouse and a hand-made manifest: a master's load changes what reads that master only, any
load changes what reads the ledger, code changes everything, the clock leaves nothing out."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from orchestration import unchanged
from settings.dbt import BUILT_INPUTS


def _model(name: str, code: str = "select 1") -> dict:
    return {"resource_type": "model", "name": name, "schema": "core", "raw_code": code}


MANIFEST = {
    "sources": {
        "source.raw.erp__customer": {"identifier": "erp__customer"},
        "source.raw.erp__sales_order_item": {"identifier": "erp__sales_order_item"},
        "source.raw._file_ledger": {"identifier": "_file_ledger"},
    },
    "nodes": {
        "model.dim_customer": _model("dim_customer"),
        "model.fct_sales": _model("fct_sales"),
        "model.int_as_of": _model("int_as_of"),
        "model.mart_today": _model("mart_today", code="select current_date as day"),
        "seed.plants": {"resource_type": "seed", "name": "plants", "schema": "seeds"},
        "test.unique_dim_customer": {
            "resource_type": "test",
            "attached_node": "model.dim_customer",
        },
    },
    "parent_map": {
        "model.dim_customer": ["source.raw.erp__customer"],
        "model.fct_sales": ["source.raw.erp__sales_order_item", "model.dim_customer"],
        "model.int_as_of": ["source.raw._file_ledger"],
        "model.mart_today": ["model.dim_customer"],
        "seed.plants": [],
        "test.unique_dim_customer": ["model.dim_customer"],
    },
}


def _ledger(conn: duckdb.DuckDBPyConnection) -> None:
    conn.execute("create schema raw")
    conn.execute(
        "create table raw._file_ledger (entity varchar, rows_read bigint, loaded_at timestamp)"
    )
    conn.execute("create table raw._file_rejections (entity varchar, rejected_at timestamp)")
    _load(conn, "erp/customer", datetime(2025, 1, 1, 6))
    _load(conn, "erp/sales_order_item", datetime(2025, 1, 1, 6))


def _load(conn: duckdb.DuckDBPyConnection, entity: str, at: datetime) -> None:
    conn.execute("insert into raw._file_ledger values (?, 10, ?)", [entity, at])


def _fingerprints(conn: duckdb.DuckDBPyConnection, code: str = "code") -> dict[str, str]:
    return unchanged.fingerprints(conn, MANIFEST, code)


def test_an_ordinary_day_changes_what_reads_its_deltas_and_the_ledger_only() -> None:
    conn = duckdb.connect()
    _ledger(conn)
    before = _fingerprints(conn)

    _load(conn, "erp/sales_order_item", datetime(2025, 1, 2, 6))
    after = _fingerprints(conn)

    assert after["model.dim_customer"] == before["model.dim_customer"]
    assert after["seed.plants"] == before["seed.plants"]
    assert after["model.fct_sales"] != before["model.fct_sales"]
    assert after["model.int_as_of"] != before["model.int_as_of"]


def test_a_master_delivery_changes_what_reads_that_master() -> None:
    conn = duckdb.connect()
    _ledger(conn)
    before = _fingerprints(conn)

    _load(conn, "erp/customer", datetime(2025, 1, 29, 6))
    after = _fingerprints(conn)

    assert after["model.dim_customer"] != before["model.dim_customer"]
    assert after["model.fct_sales"] != before["model.fct_sales"]  # reads the dimension
    assert after["seed.plants"] == before["seed.plants"]


def test_a_rejected_file_changes_what_reads_the_ingestion_bookkeeping() -> None:
    conn = duckdb.connect()
    _ledger(conn)
    before = _fingerprints(conn)

    conn.execute("insert into raw._file_rejections values ('erp/customer', now())")
    after = _fingerprints(conn)

    assert after["model.int_as_of"] != before["model.int_as_of"]
    assert after["model.dim_customer"] == before["model.dim_customer"]


def test_other_code_changes_every_fingerprint() -> None:
    conn = duckdb.connect()
    _ledger(conn)
    before = _fingerprints(conn, code="v1")
    after = _fingerprints(conn, code="v2")

    assert all(after[node] != before[node] for node in before)


def test_a_view_no_test_reads_changes_with_the_code_only() -> None:
    def view(name: str) -> dict:
        return {**_model(name), "config": {"materialized": "view"}}

    manifest = {
        "sources": MANIFEST["sources"],
        "nodes": {
            "model.base_sales": view("base_sales"),
            "model.stg_sales": view("stg_sales"),
            "model.fct_sales": _model("fct_sales"),
            "test.relationships_fct_sales_stg_sales": {
                "resource_type": "test",
                "attached_node": "model.fct_sales",
            },
        },
        "parent_map": {
            "model.base_sales": ["source.raw.erp__sales_order_item"],
            "model.stg_sales": ["model.base_sales"],
            "model.fct_sales": ["model.stg_sales"],
            # defined on the fact, reads the view too (a relationship's `to`)
            "test.relationships_fct_sales_stg_sales": ["model.fct_sales", "model.stg_sales"],
        },
    }
    conn = duckdb.connect()
    _ledger(conn)
    before = unchanged.fingerprints(conn, manifest, "v1")

    _load(conn, "erp/sales_order_item", datetime(2025, 1, 2, 6))
    after = unchanged.fingerprints(conn, manifest, "v1")

    assert after["model.base_sales"] == before["model.base_sales"]  # no test reads it
    assert after["model.stg_sales"] != before["model.stg_sales"]  # a test reads its new rows
    assert after["model.fct_sales"] != before["model.fct_sales"]  # a table keeps what it read
    assert (
        unchanged.fingerprints(conn, manifest, "v2")["model.base_sales"]
        != after["model.base_sales"]
    )


def test_a_model_reading_the_clock_has_no_fingerprint() -> None:
    conn = duckdb.connect()
    _ledger(conn)

    assert "model.mart_today" not in _fingerprints(conn)


def test_recorded_only_when_built_and_every_own_test_passed() -> None:
    built = {"model.dim_customer": "success", "seed.plants": "success", "model.fct_sales": "error"}

    passed = unchanged.built_and_passed(MANIFEST, {**built, "test.unique_dim_customer": "pass"})
    warned = unchanged.built_and_passed(MANIFEST, {**built, "test.unique_dim_customer": "warn"})
    untested = unchanged.built_and_passed(MANIFEST, built)

    assert passed == {"model.dim_customer", "seed.plants"}
    assert warned == untested == {"seed.plants"}


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    path = tmp_path / "warehouse.duckdb"
    conn = duckdb.connect(str(path))
    _ledger(conn)
    conn.execute("create schema core")
    conn.execute("create table core.dim_customer (id int)")
    conn.execute("create table core.fct_sales (id int)")
    conn.execute("create schema _chainseg")
    conn.execute(
        f"create table {BUILT_INPUTS} (unique_id varchar primary key, fingerprint varchar "
        "not null, recorded_at timestamp not null)"
    )
    conn.close()
    return path


def test_left_out_while_recorded_unchanged_and_the_relation_exists(warehouse: Path) -> None:
    assert unchanged.left_out(warehouse, MANIFEST) == set()  # nothing recorded yet

    fingerprints = unchanged.current(warehouse, MANIFEST)
    recorded = unchanged.record(
        warehouse, fingerprints, ["model.dim_customer", "model.fct_sales", "seed.plants"]
    )
    assert recorded == 3
    # the seed has no relation in this warehouse: it is built again
    assert unchanged.left_out(warehouse, MANIFEST) == {"model.dim_customer", "model.fct_sales"}

    conn = duckdb.connect(str(warehouse))
    _load(conn, "erp/sales_order_item", datetime(2025, 1, 2, 6))
    conn.close()
    assert unchanged.left_out(warehouse, MANIFEST) == {"model.dim_customer"}

    conn = duckdb.connect(str(warehouse))
    conn.execute("drop table core.dim_customer")
    conn.close()
    assert unchanged.left_out(warehouse, MANIFEST) == set()


def test_nothing_is_left_out_of_a_warehouse_without_a_raw_layer(tmp_path: Path) -> None:
    path = tmp_path / "empty.duckdb"
    duckdb.connect(str(path)).close()

    assert unchanged.current(path, MANIFEST) == {}
    assert unchanged.left_out(path, MANIFEST) == set()
    assert unchanged.left_out(tmp_path / "missing.duckdb", MANIFEST) == set()


def test_a_dataset_of_a_quality_suite_is_always_built_its_readers_are_not() -> None:
    conn = duckdb.connect()
    _ledger(conn)

    found = unchanged.fingerprints(conn, MANIFEST, "code", validated=frozenset({"dim_customer"}))

    assert "model.dim_customer" not in found
    assert "model.fct_sales" in found
