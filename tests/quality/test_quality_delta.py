"""Quality checks on the delta (issue 15): a daily run validates, on an incremental table
carrying ``_extract_date``, the rows not yet validated; a key is checked across the whole table;
a failed check reads the same rows again the next day; the full rebuild reads everything.

The dataset is ``stg_tms__freight_charges`` (an incremental staging model), written by hand a
"day" at a time: day 1 holds C1 and C2, each later day what the test lands. The Great
Expectations side runs the real quality step through Dagster (one ``materialize`` per daily
run); the dbt side runs the project's real data tests of that model with ``dbt test``.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from expectations.delta import WATERMARKS, delta_rows, is_row_level
from expectations.registry import suite_specs
from orchestration.defs.quality import WHOLE_TABLES_TAG, quality_checks
from orchestration.warehouse import WarehouseResource
from tests.pipeline_fixtures import dbt, scratch_warehouse

DATASET = "stg_tms__freight_charges"
CURRENCY = "currency is an ISO 4217 code"
REFERENCES = "shipment_id references stg_tms__shipments.shipment_id (at least 95%)"

TABLES_SQL = f"""
create schema if not exists staging;
create table staging.stg_tms__shipments as select * from (values ('S1'), ('S2')) as t(shipment_id);
create table staging.stg_tms__carriers as select 'X' as carrier_id;
create table staging.{DATASET} (
    charge_id varchar, shipment_id varchar, carrier_id varchar, charge_type varchar,
    amount decimal(18, 2), currency varchar, invoiced_at timestamp, invoice_date date,
    _source_file varchar, _extract_date date, _row_number bigint, _load_id varchar,
    _loaded_at timestamp
);
"""


def land(warehouse: Path, day: int, *rows: tuple[str, str, float | None, str]) -> None:
    """Rows (charge_id, shipment_id, amount, currency) of extract date 2025-01-<day>, loaded
    the day after."""
    conn = duckdb.connect(str(warehouse))
    try:
        conn.executemany(
            f"insert into staging.{DATASET} values (?, ?, 'X', 'LINEHAUL', ?, ?, "
            "timestamp '2025-01-01 10:00', date '2025-01-01', 'f', "
            "make_date(2025, 1, ?), 1, 'L', make_timestamp(2025, 1, ? + 1, 0, 0, 0))",
            [[*row, day, day] for row in rows],
        )
    finally:
        conn.close()


def watermarks(warehouse: Path) -> dict[str, str]:
    conn = duckdb.connect(str(warehouse), read_only=True)
    try:
        rows = conn.execute(f"select scope, validated_through from {WATERMARKS}").fetchall()
    finally:
        conn.close()
    return {scope: str(through) for scope, through in rows}


# -- Great Expectations: the quality step --------------------------------------------------


@pytest.fixture(scope="module")
def prepared_by_dbt(tmp_path_factory) -> Path:
    """The dataset's tables, and the watermark table as dbt's on-run-start hook creates it
    (the quality step only writes its rows); made once, copied by each test."""
    path = tmp_path_factory.mktemp("prepared_by_dbt") / "warehouse.duckdb"
    conn = duckdb.connect(str(path))
    conn.execute(TABLES_SQL)
    conn.close()
    result = dbt(path, "run-operation", "create_quality_watermarks")
    assert result.returncode == 0, result.stdout[-2000:]
    return path


@pytest.fixture
def warehouse(prepared_by_dbt, tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("CHAINSEG_HOME", str(tmp_path))
    monkeypatch.setenv("CHAINSEG_WAREHOUSE", str(tmp_path / "warehouse.duckdb"))
    path = tmp_path / "warehouse.duckdb"
    shutil.copy(prepared_by_dbt, path)
    land(path, 1, ("C1", "S1", 10.0, "EUR"), ("C2", "S2", 10.0, "EUR"))
    return path


def daily_run(whole_tables: bool = False) -> dict[str, tuple[bool, int | None]]:
    """One run of the suite's check: expectation → (passed, rows it judged)."""
    [spec] = suite_specs([DATASET])

    @dg.asset(key=[DATASET])
    def dataset() -> None:
        """Stands for the dbt model (the test lands its rows)."""

    result = dg.materialize(
        [dataset, *quality_checks([spec])],
        resources={"warehouse": WarehouseResource()},
        tags={WHOLE_TABLES_TAG: "true"} if whole_tables else None,
        raise_on_error=False,
    )
    [evaluation] = result.get_asset_check_evaluations()
    failed = {
        d["expectation"]: d["element_count"]
        for d in (evaluation.metadata.get("failed_detail") or dg.MetadataValue.json([])).value
    }
    return {"passed": (evaluation.passed, None), **{k: (False, v) for k, v in failed.items()}}


def test_a_defect_landed_on_the_next_day_is_caught_on_that_day_s_rows_only(warehouse):
    assert daily_run()["passed"] == (True, None)
    assert watermarks(warehouse) == {f"gx:{DATASET}": "2025-01-01"}

    land(warehouse, 2, ("C3", "S1", 10.0, "eur"), ("C4", "S1", 10.0, "EUR"))
    run = daily_run()

    # judged on day 2's two rows, not on the table's four
    assert run["passed"] == (False, None)
    assert run[CURRENCY] == (False, 2)


def test_a_failed_check_is_checked_again_the_next_day(warehouse):
    daily_run()
    land(warehouse, 2, ("C3", "S1", 10.0, "eur"))
    assert daily_run()[CURRENCY] == (False, 1)
    assert watermarks(warehouse) == {f"gx:{DATASET}": "2025-01-01"}  # not advanced

    land(warehouse, 3, ("C4", "S1", 10.0, "EUR"))
    run = daily_run()

    assert run[CURRENCY] == (False, 2)  # day 2's defect and day 3's row
    assert watermarks(warehouse) == {f"gx:{DATASET}": "2025-01-01"}


def test_the_watermark_advances_once_the_check_passes(warehouse):
    daily_run()
    land(warehouse, 2, ("C3", "S1", 10.0, "EUR"))
    assert daily_run()["passed"] == (True, None)
    assert watermarks(warehouse) == {f"gx:{DATASET}": "2025-01-02"}


def test_a_late_file_for_an_old_date_is_in_the_delta(warehouse):
    daily_run()
    # extract date 1 again, loaded on day 5: a late file (its _loaded_at is new)
    conn = duckdb.connect(str(warehouse))
    conn.execute(
        f"insert into staging.{DATASET} select 'C9', 'S1', 'X', 'LINEHAUL', 1, 'eur', "
        "invoiced_at, invoice_date, 'late', _extract_date, 2, 'L', timestamp '2025-01-05' "
        f"from staging.{DATASET} limit 1"
    )
    conn.close()
    assert daily_run()[CURRENCY] == (False, 1)


def test_the_full_rebuild_checks_the_whole_table(warehouse):
    daily_run()
    # a defect behind the watermark (same extract date and load as day 1's rows): a daily run
    # does not read it again, a full rebuild does
    land(warehouse, 1, ("C5", "S1", 10.0, "usd"))
    land(warehouse, 2, ("C6", "S1", 10.0, "EUR"))

    assert daily_run()["passed"] == (True, None)
    whole = daily_run(whole_tables=True)

    assert whole[CURRENCY] == (False, 4)


def test_mostly_is_judged_within_the_day_s_rows(warehouse):
    """The documented consequence of delta checks: a day with one row, an orphan, is 100 %
    orphans and fails the 95 % reference; the whole table (1 orphan in 43 rows) passes."""
    land(warehouse, 1, *((f"D{i}", "S1", 1.0, "EUR") for i in range(40)))
    daily_run()
    land(warehouse, 2, ("C3", "S404", 10.0, "EUR"))

    assert daily_run()[REFERENCES] == (False, 1)
    # the same table as a whole: 1 orphan in 43 rows, within the 5 % tolerated
    assert REFERENCES not in daily_run(whole_tables=True)


def test_the_watermark_table_is_dbt_s_the_quality_step_creates_none(tmp_path, monkeypatch):
    """dbt's on-run-start hook alone creates the table: in a warehouse no dbt run has
    prepared, the check still passes and records nothing (its next run reads the whole
    table again)."""
    monkeypatch.setenv("CHAINSEG_HOME", str(tmp_path))
    monkeypatch.setenv("CHAINSEG_WAREHOUSE", str(tmp_path / "warehouse.duckdb"))
    path = tmp_path / "warehouse.duckdb"
    conn = duckdb.connect(str(path))
    conn.execute(TABLES_SQL)
    conn.close()
    land(path, 1, ("C1", "S1", 10.0, "EUR"))

    assert daily_run()["passed"] == (True, None)

    conn = duckdb.connect(str(path), read_only=True)
    try:
        schemas = conn.execute(
            "select schema_name from information_schema.schemata where schema_name = 'quality'"
        ).fetchall()
    finally:
        conn.close()
    assert schemas == []


# -- which expectations may read the delta ---------------------------------------------------


def test_row_level_expectations_are_told_from_global_ones():
    suite = suite_specs([DATASET])[0].build()
    kinds = {
        e.description or e.expectation_type: is_row_level(e, DATASET) for e in suite.expectations
    }
    assert kinds[CURRENCY] is True
    assert kinds[REFERENCES] is True
    assert kinds["expect_column_values_to_be_in_set"] is True
    assert kinds["column types: amount number, invoiced_at timestamp, invoice_date date"] is False

    from expectations.custom import references, rows_absent

    assert not is_row_level(
        rows_absent("select k from {batch} group by k having count(*) > 1", "unique"), DATASET
    )
    assert not is_row_level(rows_absent("/* {batch} */ select * from fct_x", "other"), DATASET)
    assert not is_row_level(
        rows_absent("select * from {batch} where k in (select k from {batch})", "x"), DATASET
    )
    assert not is_row_level(references("parent_id", DATASET, "id"), DATASET)  # self-reference
    assert is_row_level(references("shipment_id", "stg_tms__shipments"), DATASET)


def test_delta_rows_without_loaded_at_take_the_extract_date_only():
    from datetime import date, datetime

    assert delta_rows(date(2025, 1, 2), datetime(2025, 1, 3), False) == (
        "(_extract_date is null or _extract_date > date '2025-01-02')"
    )


# -- dbt data tests -----------------------------------------------------------------------


def _failures(result, test_prefix: str) -> int | None:
    for r in result.run_results["results"]:
        if r["unique_id"].startswith(f"test.chainseg.{test_prefix}"):
            return r["failures"]
    raise AssertionError(f"{test_prefix} did not run: {result.stdout[-2000:]}")


def _dbt_watermark(path: Path, test_prefix: str) -> str | None:
    found = [
        v for k, v in watermarks(path).items() if k.startswith(f"dbt:test.chainseg.{test_prefix}")
    ]
    return found[0] if found else None


#: The model's key (charge_id) and its other not-null columns (shipment_id, amount, ...) are one
#: test: it reads the rows whose key occurs in the delta, every new row among them.
PRIMARY_KEY = f"primary_key_{DATASET}_charge_id"


def test_dbt_data_tests_read_the_delta_and_keys_across_the_table(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    conn = duckdb.connect(str(path))
    conn.execute(TABLES_SQL)
    conn.close()
    land(path, 1, ("C1", "S1", 10.0, "EUR"), ("C2", "S2", 10.0, "EUR"))

    def test_model(*extra: str):
        return dbt(path, "test", "--select", DATASET, *extra)

    first = test_model()
    assert first.failures() == [], first.stdout[-2000:]
    assert _dbt_watermark(path, PRIMARY_KEY) == "2025-01-01"

    # behind the watermark (day 1, loaded with day 1): a null amount a daily run does not read;
    # day 2: another null amount
    land(path, 1, ("C7", "S1", None, "EUR"))
    land(path, 2, ("C3", "S1", None, "EUR"))
    second = test_model()

    assert _failures(second, PRIMARY_KEY) == 1  # day 2's null only
    assert _dbt_watermark(path, PRIMARY_KEY) == "2025-01-01"  # a failed test keeps it

    # day 3: C1 again, its first copy in the old history; the failed test reads day 2 again
    land(path, 3, ("C4", "S1", 1.0, "EUR"), ("C1", "S1", 5.0, "EUR"))
    third = test_model()
    assert _failures(third, PRIMARY_KEY) == 2  # day 2's null, and C1 across history and delta
    assert _dbt_watermark(path, PRIMARY_KEY) == "2025-01-01"

    # whole tables (full_rebuild, --as-of, chainseg check): both null amounts and C1
    whole = test_model("--vars", json.dumps({"quality_whole_tables": True}))
    assert _failures(whole, PRIMARY_KEY) == 3

    # the defects mended, the test passes and its watermark advances to the newest date
    conn = duckdb.connect(str(path))
    conn.execute(
        f"update staging.{DATASET} set amount = 1 where amount is null;"
        f"delete from staging.{DATASET} where charge_id = 'C1' and _extract_date > '2025-01-01'"
    )
    conn.close()
    assert test_model().failures() == []
    assert _dbt_watermark(path, PRIMARY_KEY) == "2025-01-03"


FACT = "fct_freight_charges"
FACT_KEY = f"primary_key_{FACT}_charge_id"


def test_a_fact_s_key_test_reads_the_keys_the_fact_reopened_since_it_passed():
    """A fact carries no extract date: its key test reads the rows of the keys the fact's delta
    reopened since the test passed (here a staging row of a later extract for one charge)."""
    path = scratch_warehouse()

    def key_test(*extra: str):
        return dbt(path, "test", "--select", f"{FACT},test_name:primary_key", *extra)

    def execute(sql: str) -> list[tuple]:
        conn = duckdb.connect(str(path))
        try:
            return conn.execute(sql).fetchall()
        finally:
            conn.close()

    def fact_watermark() -> str | None:
        scope = f"dbt:test.chainseg.{FACT_KEY}%"
        [(recorded,)] = execute(
            f"select fact_watermark from {WATERMARKS} where scope like '{scope}'"
        )
        return recorded

    def duplicate(charge_id: str) -> None:
        execute(
            f"insert into core.{FACT} select * from core.{FACT} where charge_id = '{charge_id}'"
        )

    assert key_test().failures() == []  # the first run reads the whole fact
    [(comment,)] = execute(f"select comment from duckdb_tables() where table_name = '{FACT}'")
    assert fact_watermark() == comment
    landed_through = comment.split("|")[1]
    [(old,), (reopened,)] = execute(f"select charge_id from core.{FACT} order by charge_id limit 2")

    # a defect behind the watermark, on a key nothing reopened: not read
    duplicate(old)
    assert _failures(key_test(), FACT_KEY) == 0

    # a later extract of a charge reopens its key: its defect is caught, the other is not
    execute(
        f"insert into staging.stg_tms__freight_charges select * replace "
        f"(date '{landed_through}' + 1 as _extract_date) "
        f"from staging.stg_tms__freight_charges where charge_id = '{reopened}'"
    )
    duplicate(reopened)
    assert _failures(key_test(), FACT_KEY) == 1
    assert fact_watermark() == comment  # a failed test keeps it: the same keys again next run
    assert _failures(key_test(), FACT_KEY) == 1

    # whole tables (full_rebuild, --as-of, chainseg check): both
    whole = key_test("--vars", json.dumps({"quality_whole_tables": True}))
    assert _failures(whole, FACT_KEY) == 2

    # a fact rebuilt since the test passed (its masters changed) is read whole
    fingerprint = comment.split("|")[2]
    execute(f"comment on table core.{FACT} is '{comment.replace(fingerprint, fingerprint + 'x')}'")
    assert _failures(key_test(), FACT_KEY) == 2


def test_the_full_rebuild_job_and_runs_as_of_a_date_check_whole_tables():
    from orchestration.defs.dbt import full_rebuild_job, transform_job
    from orchestration.defs.quality import validates_whole_tables

    def run(job, as_of: str | None = None, **tags: str) -> dg.DagsterRun:
        config = {"ops": {"dbt_core": {"config": {"as_of_date": as_of}}}}
        return dg.DagsterRun(job_name=job.name, run_config=config, tags={**job.tags, **tags})

    assert validates_whole_tables(run(full_rebuild_job))
    assert validates_whole_tables(run(transform_job, as_of="2025-06-30"))
    assert validates_whole_tables(run(transform_job, **{WHOLE_TABLES_TAG: "true"}))
    assert not validates_whole_tables(run(transform_job))
