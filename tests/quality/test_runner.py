"""The runner's rules on real GX validations in DuckDB: failures, exceptions, severities."""

from __future__ import annotations

import duckdb
import great_expectations as gx
import great_expectations.expectations as gxe
import pytest
from quality_fixtures import (
    PLANTED_CR03_SQL,
    QUALITY_NOTIFICATIONS_SQL,
    AdHocSuite,
)

from expectations.custom import ERROR, SAMPLE_ROWS, WARNING, references, rows_absent
from expectations.registry import suite_specs
from expectations.runner import WarehouseUnavailable, run_suites

CR03 = "CR03: defect_qty <= inspected_qty and quantities >= 0, or quarantined as CR03"


def _by_name(outcome):
    return {o.name: o for o in outcome.outcomes}


def test_clean_notifications_pass_every_error_expectation(warehouse_factory):
    warehouse = warehouse_factory(QUALITY_NOTIFICATIONS_SQL)

    [outcome] = run_suites(warehouse, suite_specs(["stg_procurement__quality_notifications"]))

    assert outcome.table == "staging.stg_procurement__quality_notifications"
    assert outcome.blocking_failures == []
    assert _by_name(outcome)[CR03].unexpected_count == 0


def test_planted_defect_above_inspected_in_staging_fails_cr03(warehouse_factory):
    warehouse = warehouse_factory(QUALITY_NOTIFICATIONS_SQL, PLANTED_CR03_SQL)

    [outcome] = run_suites(warehouse, suite_specs(["stg_procurement__quality_notifications"]))

    cr03 = _by_name(outcome)[CR03]
    assert not cr03.success and cr03.severity == "error"
    # N3 also breaks the rule but is quarantined; only the planted N6 is unexpected.
    assert cr03.unexpected_count == 1
    assert cr03.element_count == 6
    assert [row["notification_id"] for row in cr03.sample] == ["N6"]
    assert [o.name for o in outcome.blocking_failures] == [CR03]


def test_expectation_on_missing_column_fails_with_the_exception(warehouse_factory):
    warehouse = warehouse_factory(QUALITY_NOTIFICATIONS_SQL)
    suite = AdHocSuite(
        "stg_procurement__quality_notifications",
        lambda: gx.ExpectationSuite(
            name="missing_column",
            expectations=[
                gxe.ExpectColumnValuesToNotBeNull(column="no_such_column", severity=ERROR),
                gxe.ExpectColumnValuesToNotBeNull(column="notification_id", severity=ERROR),
            ],
        ),
    )

    [outcome] = run_suites(warehouse, [suite])

    results = _by_name(outcome)
    missing = results["expect_column_values_to_not_be_null(no_such_column)"]
    assert missing.success is False
    assert "no_such_column" in missing.exception
    assert missing in outcome.blocking_failures
    assert results["expect_column_values_to_not_be_null(notification_id)"].success is True


def test_query_that_raises_is_a_failure_not_a_pass(warehouse_factory):
    warehouse = warehouse_factory(QUALITY_NOTIFICATIONS_SQL)
    suite = AdHocSuite(
        "stg_procurement__quality_notifications",
        lambda: gx.ExpectationSuite(
            name="broken_query",
            expectations=[rows_absent("select * from {batch} where nonsense(", "broken query")],
        ),
    )

    [outcome] = run_suites(warehouse, [suite])

    [result] = outcome.outcomes
    assert result.success is False
    assert result.exception and "nonsense" in result.exception


def test_suite_on_missing_table_fails_every_expectation(warehouse_factory):
    warehouse = warehouse_factory(QUALITY_NOTIFICATIONS_SQL)

    [outcome] = run_suites(warehouse, suite_specs(["mart_data_quality"]))

    assert outcome.table is None
    assert outcome.outcomes and all(not o.success for o in outcome.outcomes)
    assert all("mart_data_quality not found" in o.exception for o in outcome.outcomes)


def test_warning_failure_is_reported_but_does_not_block(warehouse_factory):
    warehouse = warehouse_factory(QUALITY_NOTIFICATIONS_SQL)
    suite = AdHocSuite(
        "stg_procurement__quality_notifications",
        lambda: gx.ExpectationSuite(
            name="warning_only",
            expectations=[
                gxe.ExpectColumnValuesToBeInSet(
                    column="severity", value_set=["minor"], severity=WARNING
                ),
            ],
        ),
    )

    [outcome] = run_suites(warehouse, [suite])

    [result] = outcome.outcomes
    assert (result.success, result.severity, result.unexpected_count) == (False, "warning", 2)
    assert outcome.blocking_failures == []


@pytest.mark.parametrize(("mostly", "passes"), [(0.75, True), (0.85, False)])
def test_orphans_are_tolerated_up_to_mostly(warehouse_factory, mostly, passes):
    # 1 of the 5 notifications (N5 -> M9) has a product missing from the master: 80 % resolve.
    warehouse = warehouse_factory(
        QUALITY_NOTIFICATIONS_SQL,
        "update staging.stg_procurement__quality_notifications set product_id = 'M9' "
        "where notification_id = 'N5'",
    )
    suite = AdHocSuite(
        "stg_procurement__quality_notifications",
        lambda: gx.ExpectationSuite(
            name="orphans",
            expectations=[references("product_id", "stg_erp__materials", mostly=mostly)],
        ),
    )

    [outcome] = run_suites(warehouse, [suite])

    [result] = outcome.outcomes
    assert result.success is passes
    assert (result.unexpected_count, result.element_count) == (1, 5)
    assert result.sample[0]["notification_id"] == "N5"


def test_validation_releases_the_warehouse_for_the_next_writer(warehouse_factory):
    warehouse = warehouse_factory(QUALITY_NOTIFICATIONS_SQL)

    run_suites(warehouse, suite_specs(["stg_procurement__quality_notifications"]))

    connection = duckdb.connect(str(warehouse))  # read-write: raises if a handle were left open
    connection.execute("create table after_validation as select 1 as x")
    connection.close()


def test_missing_warehouse_is_a_clear_error(tmp_path):
    with pytest.raises(WarehouseUnavailable, match="warehouse not found"):
        run_suites(tmp_path / "nowhere.duckdb", suite_specs(["mart_data_quality"]))


def test_a_view_is_validated_like_a_table_and_released(warehouse_factory):
    # Staging models are views: the same rows behind a view give the same verdict.
    warehouse = warehouse_factory(
        QUALITY_NOTIFICATIONS_SQL,
        PLANTED_CR03_SQL,
        "alter table staging.stg_procurement__quality_notifications rename to base_notifications",
        "create view staging.stg_procurement__quality_notifications as "
        "select * from staging.base_notifications",
    )

    [outcome] = run_suites(warehouse, suite_specs(["stg_procurement__quality_notifications"]))

    assert outcome.table == "staging.stg_procurement__quality_notifications"
    assert [o.name for o in outcome.blocking_failures] == [CR03]
    assert _by_name(outcome)[CR03].sample[0]["notification_id"] == "N6"
    connection = duckdb.connect(str(warehouse))  # read-write: raises if a handle were left open
    connection.close()


def test_query_over_another_table_may_return_more_rows_than_the_batch(warehouse_factory):
    warehouse = warehouse_factory(QUALITY_NOTIFICATIONS_SQL)
    suite = AdHocSuite(
        "stg_procurement__quality_notifications",
        lambda: gx.ExpectationSuite(
            name="cross_table",
            expectations=[
                rows_absent(
                    "/* {batch} */ select * from range(12)",
                    "twelve rows elsewhere",
                    severity=WARNING,
                )
            ],
        ),
    )

    [outcome] = run_suites(warehouse, [suite])

    [result] = outcome.outcomes
    assert (result.success, result.unexpected_count, result.exception) == (False, 12, None)
    # all twelve counted, the first few sampled, as the query returned them
    assert result.sample == tuple({"range": n} for n in range(SAMPLE_ROWS))
