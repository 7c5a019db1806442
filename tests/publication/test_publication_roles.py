"""Each role's publication of the demo marts holds exactly the columns its classes allow, in
its DuckDB file and its Parquet files, and nothing of another role."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from expectations.ownership import declared_columns, mart_models
from publication import publish, role_classes
from tests.pipeline_fixtures import built_demo_warehouse
from tests.publication.published import duckdb_columns, parquet_columns

#: what the role seed must say (issue 13): the classes each role sees
EXPECTED_ROLES = {
    "finance": {"public", "internal", "confidential"},
    "operations": {"public", "internal"},
    "analyst": {"public"},
}


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> tuple[Path, Path]:
    warehouse = built_demo_warehouse()
    publish_dir = tmp_path_factory.mktemp("publish")
    publish(warehouse, publish_dir, run_id="roles-test")
    return warehouse, publish_dir


def _warehouse_columns(warehouse: Path) -> dict[str, list[str]]:
    return duckdb_columns(warehouse)["marts"]


def _sensitivity() -> dict[tuple[str, str], str | None]:
    return {(c.model, c.column): c.sensitivity for c in declared_columns()}


def test_the_role_seed_grants_the_classes_of_the_issue():
    assert {role: set(classes) for role, classes in role_classes().items()} == EXPECTED_ROLES


@pytest.mark.parametrize("role", sorted(EXPECTED_ROLES))
def test_a_role_sees_exactly_the_columns_of_its_classes_in_duckdb_and_parquet(published, role):
    warehouse, publish_dir = published
    sensitivity = _sensitivity()
    expected = {
        mart: [c for c in columns if sensitivity.get((mart, c)) in EXPECTED_ROLES[role]]
        for mart, columns in _warehouse_columns(warehouse).items()
        if mart in mart_models()
    }
    expected = {mart: columns for mart, columns in expected.items() if columns}

    in_duckdb = duckdb_columns(publish_dir / role / "marts.duckdb")
    in_parquet = parquet_columns(publish_dir / role / "parquet")

    assert in_duckdb == {"main": expected}
    assert in_parquet == expected
    leaked = {
        (mart, column, sensitivity.get((mart, column)))
        for mart, columns in in_duckdb["main"].items()
        for column in columns
        if sensitivity.get((mart, column)) not in EXPECTED_ROLES[role]
    }
    assert leaked == set()


def test_finance_has_every_column_of_every_mart(published):
    warehouse, publish_dir = published
    every = {m: c for m, c in _warehouse_columns(warehouse).items() if m in mart_models()}

    assert duckdb_columns(publish_dir / "finance" / "marts.duckdb") == {"main": every}
    assert parquet_columns(publish_dir / "finance" / "parquet") == every
    assert sorted(every) == sorted(mart_models())


def test_operations_and_analyst_see_no_confidential_and_analyst_only_public_columns(published):
    _, publish_dir = published
    sensitivity = _sensitivity()

    def classes(role: str) -> set[str | None]:
        tables = duckdb_columns(publish_dir / role / "marts.duckdb")["main"]
        parquet = parquet_columns(publish_dir / role / "parquet")
        return {
            sensitivity.get((mart, column))
            for source in (tables, parquet)
            for mart, columns in source.items()
            for column in columns
        }

    assert classes("operations") == {"public", "internal"}
    assert classes("analyst") == {"public"}


def test_published_rows_equal_the_warehouse_rows(published):
    warehouse, publish_dir = published
    conn = duckdb.connect()
    try:
        conn.execute(f"attach '{warehouse}' as warehouse (read_only)")
        conn.execute(f"attach '{publish_dir / 'finance' / 'marts.duckdb'}' as finance (read_only)")
        differing = [
            mart
            for mart in mart_models()
            if conn.execute(
                f"select count(*) from ((select * from warehouse.marts.{mart} except all "
                f"select * from finance.main.{mart}) union all (select * from "
                f"finance.main.{mart} except all select * from warehouse.marts.{mart}))"
            ).fetchone()
            != (0,)
        ]
    finally:
        conn.close()

    assert differing == []


def test_a_roles_file_holds_no_other_database_schema_or_table(published):
    _, publish_dir = published
    for role in EXPECTED_ROLES:
        conn = duckdb.connect(str(publish_dir / role / "marts.duckdb"), read_only=True)
        try:
            databases = conn.execute(
                "select database_name from duckdb_databases() where not internal"
            ).fetchall()
            objects = conn.execute(
                "select schema_name, count(*) from (select schema_name from duckdb_tables() "
                "union all select schema_name from duckdb_views() where not internal) "
                "group by 1"
            ).fetchall()
        finally:
            conn.close()
        record = json.loads((publish_dir / role / "publication.json").read_text())

        assert databases == [("marts",)]
        assert [schema for schema, _ in objects] == ["main"]
        assert record["role"] == role
        assert set(record["sensitivity_classes"]) == EXPECTED_ROLES[role]
        assert sorted(p.name for p in (publish_dir / role).iterdir()) == [
            "marts.duckdb",
            "parquet",
            "publication.json",
        ]
