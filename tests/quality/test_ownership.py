"""The ownership suite against the registry seed: registration, freshness, declared sensitivity."""

from __future__ import annotations

import pytest
from quality_fixtures import ownership_sql

from expectations.registry import suite_specs
from expectations.runner import run_suites

REGISTERED_MARTS = "every mart (of the dbt project and in the warehouse) is registered"
REGISTERED_SOURCES = "every source entity is registered"
FRESH = "every source is fresh within its update frequency (at the as-of date)"
DECLARED = "every mart column declares its sensitivity class (dbt meta.sensitivity)"
CONFIDENTIAL = "a mart with a confidential column is registered as confidential"


def _validate(warehouse):
    [outcome] = run_suites(warehouse, suite_specs(["data_ownership"]))
    return outcome, {o.name: o for o in outcome.outcomes}


def test_complete_fresh_registry_passes(warehouse_factory, registry_rows, declared_mart_tables):
    warehouse = warehouse_factory(ownership_sql(registry_rows, mart_tables=declared_mart_tables))

    outcome, _ = _validate(warehouse)

    assert [o.name for o in outcome.blocking_failures] == []


def test_mart_missing_from_the_registry_fails(
    warehouse_factory, registry_rows, declared_mart_tables
):
    rows = [r for r in registry_rows if r["dataset"] != "mart_kpi_alerts"]
    warehouse = warehouse_factory(ownership_sql(rows, mart_tables=declared_mart_tables))

    outcome, results = _validate(warehouse)

    failed = results[REGISTERED_MARTS]
    assert not failed.success and failed.severity == "error"
    assert [row["dataset"] for row in failed.sample] == ["mart_kpi_alerts"]
    assert failed in outcome.blocking_failures


def test_unregistered_mart_in_the_warehouse_fails(
    warehouse_factory, registry_rows, declared_mart_tables
):
    tables = declared_mart_tables | {"mart_shadow_report": "customer_id varchar"}
    warehouse = warehouse_factory(ownership_sql(registry_rows, mart_tables=tables))

    _, results = _validate(warehouse)

    failed = results[REGISTERED_MARTS]
    assert [row["dataset"] for row in failed.sample] == ["mart_shadow_report"]
    # ... and its undeclared column is reported too.
    assert [r["column_name"] for r in results[DECLARED].sample] == ["customer_id"]


def test_source_missing_from_the_registry_fails(
    warehouse_factory, registry_rows, declared_mart_tables
):
    rows = [r for r in registry_rows if r["dataset"] != "tms/carrier"]
    warehouse = warehouse_factory(ownership_sql(rows, mart_tables=declared_mart_tables))

    _, results = _validate(warehouse)

    assert [row["dataset"] for row in results[REGISTERED_SOURCES].sample] == ["tms/carrier"]


@pytest.mark.parametrize(("last_extract", "stale"), [("2025-06-02", False), ("2025-06-01", True)])
def test_source_older_than_its_update_frequency_is_stale(
    warehouse_factory, registry_rows, declared_mart_tables, last_extract, stale
):
    # erp/material is registered with a 28-day frequency; the as-of date is 2025-06-30:
    # 2025-06-02 is 28 days old (fresh), 2025-06-01 is 29 (stale).
    warehouse = warehouse_factory(
        ownership_sql(
            registry_rows,
            as_of="2025-06-30",
            last_extract={"erp/material": last_extract},
            mart_tables=declared_mart_tables,
        )
    )

    _, results = _validate(warehouse)

    fresh = results[FRESH]
    assert fresh.success is not stale
    assert fresh.severity == "warning"  # a late source is reported, not blocking
    if stale:
        assert fresh.sample == (
            {
                "dataset": "erp/material",
                "update_frequency_days": 28,
                "last_extract_date": "2025-06-01",
                "as_of_date": "2025-06-30",
            },
        )


def test_column_without_a_sensitivity_tag_fails(
    warehouse_factory, registry_rows, declared_mart_tables
):
    tables = dict(declared_mart_tables)
    tables["mart_cost_to_serve_line"] += ", rebate_cost double"
    warehouse = warehouse_factory(ownership_sql(registry_rows, mart_tables=tables))

    outcome, results = _validate(warehouse)

    failed = results[DECLARED]
    assert [r["column_name"] for r in failed.sample] == ["rebate_cost"]
    assert failed in outcome.blocking_failures


def test_mart_with_a_confidential_column_registered_internal_fails(
    warehouse_factory, registry_rows, declared_mart_tables
):
    # mart_cost_to_serve_line tags cogs, freight ... confidential in its YAML.
    rows = [
        r | {"sensitivity": "internal"} if r["dataset"] == "mart_cost_to_serve_line" else r
        for r in registry_rows
    ]
    warehouse = warehouse_factory(ownership_sql(rows, mart_tables=declared_mart_tables))

    outcome, results = _validate(warehouse)

    failed = results[CONFIDENTIAL]
    assert failed.sample == ({"dataset": "mart_cost_to_serve_line", "sensitivity": "internal"},)
    assert failed in outcome.blocking_failures


def test_attribute_conflicts_are_listed_as_a_warning(
    warehouse_factory, registry_rows, declared_mart_tables
):
    warehouse = warehouse_factory(
        ownership_sql(registry_rows, mart_tables=declared_mart_tables),
        "insert into intermediate.int_attribute_conflicts values "
        "('supplier', '4711', 'name', 'erp', 'ACME GmbH', 'procurement', 'Acme')",
    )

    outcome, results = _validate(warehouse)

    conflicts = results["attribute conflicts between systems of record (owner wins; listed)"]
    assert (conflicts.success, conflicts.severity, conflicts.unexpected_count) == (
        False,
        "warning",
        1,
    )
    assert outcome.blocking_failures == []
