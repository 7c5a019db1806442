"""The dbt project on generated data: tests pass, every injected defect is accounted for,
reruns change nothing, incremental runs equal full rebuilds, and the docs build.

One demo dataset goes through generate -> ingest -> dbt once per session
(``tests.pipeline_fixtures``); tests that rerun dbt work on their own copy of the warehouse.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import duckdb
import pytest

from tests.pipeline_fixtures import (
    DEMO,
    built_demo_warehouse,
    dbt,
    dbt_test_result,
    demo_landing,
    generated_landing,
    manifest,
    scratch_warehouse,
)

#: Schemas dbt writes (seeds included); raw belongs to ingestion.
DBT_SCHEMAS = ("seeds", "staging", "intermediate", "core", "segmentation", "feeds", "marts")

#: The model folders of this project's core (staging, master data, facts, cleansing).
OURS = (
    "models/staging/",
    "models/master/",
    "models/facts/",
    "models/intermediate/calendar/",
    "models/intermediate/cleansing/",
    "models/intermediate/data_quality/",
    "models/intermediate/conformed/",
)

#: The seeds of the core (top-level ``seeds/``; sourcing and serving own their folders).
OUR_SEEDS = (
    "reporting_currency",
    "unit_conversions",
    "category_hierarchy",
    "plants",
    "data_ownership",
    "data_quality_rules",
    "converted_columns",
    "reporting_windows",
    "cleansing_parameters",
    "bi_roles",
)

#: The incremental models (schema.model) and their keys.
INCREMENTAL = {
    "staging.stg_pos__sales_lines": "store_id, transaction_id, line_no",
    "staging.stg_tms__shipments": "shipment_id",
    "staging.stg_tms__freight_charges": "charge_id",
    "staging.stg_erp__sales_order_items": "sales_order_id, sales_order_item",
    "staging.stg_erp__delivery_items": "delivery_id, delivery_item",
    "staging.stg_erp__purchase_order_items": "po_number, po_item",
    "staging.stg_erp__goods_receipts": "material_document, document_year, document_item",
    "staging.stg_erp__stock": "snapshot_date, product_id, plant_id",
    "staging.stg_oracle__fulfillment_lines": "fulfill_line_id",
    "staging.stg_oracle__sales_order_headers": "header_id",
    "staging.stg_oracle__po_headers": "po_header_id",
    "staging.stg_oracle__po_lines": "po_line_id",
    "staging.stg_oracle__po_schedules": "line_location_id",
    "staging.stg_oracle__receiving_transactions": "transaction_id",
    "staging.stg_oracle__onhand": (
        "snapshot_date, source_item_id, organization_id, subinventory_code"
    ),
    "staging.stg_procurement__quality_notifications": "notification_id",
    "staging.stg_iot__shipment_readings": "shipment_id, device_id, reading_at",
    # exploded from stg_tms__shipments: the shipments whose kept version changed, again
    "staging.stg_tms__shipment_deliveries": "shipment_id",
    # incremental by extract date (macros/incremental.sql)
    "intermediate.int_duplicate_rows_dropped": "source, source_file, extract_date, row_number",
    "intermediate.int_duplicate_key_extract_dates": "source, extract_date",
    "intermediate.int_unparseable_rows_quarantined": "source, extract_date",
    "intermediate.int_staged_row_counts": "source, extract_date",
    "intermediate.int_id_forms_checked": "source, extract_date",
    # ... and rebuilt when a master or the FX rates they check against changed
    "intermediate.int_master_references_unresolved": "source, extract_date",
    "intermediate.int_money_and_weights_converted": "source, extract_date",
    # facts and their line models, per key reopened (macros/incremental.sql): the delta
    # unless a joined master changed
    "core.fct_pos_sales_lines": "store_id, transaction_id, line_no",
    "core.fct_freight_charges": "charge_id",
    "core.fct_shipments": "shipment_id",
    "core.fct_shipment_deliveries": "shipment_id",
    "core.fct_delivery_items": "delivery_id, delivery_item",
    "intermediate.int_sales_order_lines_unscoped": "sales_order_id, sales_order_item",
    "core.fct_sales_order_lines": "sales_order_id, sales_order_item",
    "intermediate.int_purchase_order_lines_unscoped": "po_number, po_item",
    "core.fct_purchase_order_lines": "po_number, po_item",
    "intermediate.int_goods_receipts_unscoped": "material_document, document_year, document_item",
    "core.fct_goods_receipts": "material_document, document_year, document_item",
    "intermediate.int_stock_snapshots_unscoped": "snapshot_date, source_product_id, plant_id",
    "core.fct_stock_snapshots": "snapshot_date, source_product_id, plant_id",
    # the marts step: the sales order lines costed, valued and delivered, per line reopened,
    # and their costed delivery items, per item reopened; the shared overheads per order month
    # reopened, freight per shipment reopened; cost to serve per line of an order month
    # reopened, the accrued lines and the lines whose charge allocations changed
    # (macros/incremental.sql)
    "intermediate.int_sales_order_lines_costed": "sales_order_id, sales_order_item",
    "intermediate.int_sales_order_lines_valued": "sales_order_id, sales_order_item",
    "intermediate.int_cts_delivered_lines": "sales_order_id, sales_order_item",
    "intermediate.int_cts_delivery_items": "delivery_id, delivery_item",
    "intermediate.int_shared_overhead_allocations": (
        "pool_id, month, sales_order_id, sales_order_item"
    ),
    "intermediate.int_freight_charge_allocations": "charge_id, delivery_id, delivery_item",
    "intermediate.int_cost_to_serve_lines": "sales_order_id, sales_order_item",
    "marts.mart_cost_to_serve_line": "sales_order_id, sales_order_item",
    # temperature compliance per shipment reopened, OTIF per line reopened, contract
    # compliance per PO line reopened, approval compliance per PO of a reopened line, stock
    # per month of a reopened snapshot
    "intermediate.int_shipment_temperature_compliance": "shipment_id",
    "intermediate.int_sales_order_line_otif": "sales_order_id, sales_order_item",
    "intermediate.int_po_line_contract_compliance": "po_number, po_item",
    "intermediate.int_po_approval_compliance": "po_number, po_item",
    "intermediate.int_product_stock_month": "product_id, month",
    # summaries of the facts, per day or ISO week the fact's delta touched
    # (macros/summary_incremental.sql); built by the marts step
    "intermediate.int_pos_sell_out_week": "week",
    "intermediate.int_pos_sell_out_day": "sold_local_date",
    "intermediate.int_sales_order_lines_day": "order_date",
}
#: the incremental models built in the marts step (tagged marts_step): the incremental test
#: builds them, and what they need, after the rest
MARTS_STEP_INCREMENTAL = (
    "int_sales_order_lines_costed",
    "int_sales_order_lines_valued",
    "int_cts_delivered_lines",
    "int_cts_delivery_items",
    "int_shared_overhead_allocations",
    "int_freight_charge_allocations",
    "int_cost_to_serve_lines",
    "mart_cost_to_serve_line",
    "int_shipment_temperature_compliance",
    "int_sales_order_line_otif",
    "int_po_line_contract_compliance",
    "int_po_approval_compliance",
    "int_product_stock_month",
    "int_pos_sell_out_week",
    "int_pos_sell_out_day",
    "int_sales_order_lines_day",
)
#: those whose delta is the fact mechanism's staged keys (fact_delta_keys_table)
MARTS_STEP_DELTA_KEYS = MARTS_STEP_INCREMENTAL[:13]


@pytest.fixture(scope="module")
def warehouse() -> Iterator[duckdb.DuckDBPyConnection]:
    conn = duckdb.connect(str(built_demo_warehouse()), read_only=True)
    yield conn
    conn.close()


@pytest.fixture(scope="module")
def injected() -> dict[str, dict[str, int]]:
    return manifest(demo_landing())["injected"]


def dbt_relations(conn: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    return conn.execute(
        f"""
        select table_schema, table_name from information_schema.tables
        where table_schema in {DBT_SCHEMAS} and table_type = 'BASE TABLE'
        order by 1, 2
        """
    ).fetchall()


def table_checksum(conn: duckdb.DuckDBPyConnection, schema: str, table: str) -> tuple:
    """Row count and an order-independent sum of row hashes."""
    return conn.execute(
        f"select count(*), coalesce(sum(hash(t)::hugeint), 0) from {schema}.{table} as t"
    ).fetchone()


def checksums(path: Path) -> dict[str, tuple]:
    conn = duckdb.connect(str(path), read_only=True)
    try:
        return {f"{s}.{t}": table_checksum(conn, s, t) for s, t in dbt_relations(conn)}
    finally:
        conn.close()


def assert_full_rebuild_equals(path: Path, selection: tuple[str, ...], incremental: dict) -> None:
    """Rebuild ``selection`` with --full-refresh and assert that each table of ``incremental``
    (checksums after the incremental run) has the same checksum."""
    assert dbt(path, "run", "--full-refresh", *selection).returncode == 0
    rebuilt = checksums(path)
    for model, checksum in incremental.items():
        assert rebuilt[model] == checksum, model


def counted(
    conn: duckdb.DuckDBPyConnection,
    rule: str,
    check: str | None = None,
    *,
    column: str = "rows_failed",
) -> dict[str, int]:
    """Per source: the data-quality record's count for a rule (and one of its checks)."""
    where = f"rule_id = '{rule}'" + (f" and check_name = '{check}'" if check else "")
    rows = conn.execute(
        f"""
        select source, sum({column})::bigint from intermediate.int_data_quality_checks_counted
        where {where} group by source having sum({column}) > 0
        """
    ).fetchall()
    return dict(rows)


def nonzero(counts: dict[str, int]) -> dict[str, int]:
    return {k: v for k, v in counts.items() if v}


# -- dbt build --------------------------------------------------------------------------


def test_dbt_unit_and_data_tests_all_pass() -> None:
    result = dbt_test_result(*(f"path:{folder}" for folder in OURS), *OUR_SEEDS)
    assert result.run_results.get("results"), result.stdout[-3000:]
    assert result.failures() == [], result.stdout[-3000:]
    unit_tests = [
        r for r in result.run_results["results"] if r["unique_id"].startswith("unit_test.")
    ]
    assert len(unit_tests) >= 13


def test_every_contract_model_is_built_and_core_facts_are_filled(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    tables = {t for _, t in dbt_relations(warehouse)}
    for fact in (
        "fct_purchase_order_lines",
        "fct_sales_order_lines",
        "fct_pos_sales_lines",
        "fct_freight_charges",
        "fct_shipments",
        "fct_stock_snapshots",
        "fct_quality_notifications",
        "dim_product",
        "dim_customer",
        "dim_fx_rates",
    ):
        assert fact in tables
        (rows,) = warehouse.execute(f"select count(*) from core.{fact}").fetchone()
        assert rows > 0, fact


# -- defects accounted for --------------------------------------------------------------

#: manifest class -> (rule, check) of the data-quality record that must count exactly it.
RECONCILED = {
    "unparseable_value": ("STG01", None),
    "exact_duplicate_row": ("CR05", "exact_duplicate"),
    "newer_version_row": ("CR05", "superseded_version"),
    "missing_plifz": ("CR01", None),
    "receipt_before_po": ("CR02", "receipt_before_po"),
    "lead_time_over_365": ("CR02", "lead_time_over_365"),
    "defect_gt_inspected": ("CR03", "defect_gt_inspected"),
    "negative_quantity": ("CR03", "negative_quantity"),
    "empty_supplier_id": ("CR04", "empty_supplier_id"),
    "unknown_supplier_id": ("CR04", "unknown_supplier_id"),
    "padded_id": ("CR08", "padded_id"),
    "whitespace_id": ("CR08", "whitespace_id"),
    "lowercase_id": ("CR08", "lowercase_id"),
    "orphan_material": ("CR06", "unknown_material"),
    "orphan_gtin": ("CR06", "unknown_gtin"),
    "orphan_customer": ("CR06", "unknown_customer"),
    "orphan_supplier": ("CR06", "unknown_supplier"),
    "orphan_carrier": ("CR06", "unknown_carrier"),
}

#: Injected classes the record counts as routine corrections, not failures: a newer version of
#: a row is the source correcting itself (macro dq_correction_checks).
CORRECTIONS = {"newer_version_row"}


@pytest.mark.parametrize("defect_class", sorted(RECONCILED))
def test_injected_defects_are_counted_in_the_data_quality_record(
    warehouse: duckdb.DuckDBPyConnection, injected: dict, defect_class: str
) -> None:
    rule, check = RECONCILED[defect_class]
    expected = nonzero(injected.get(defect_class, {}))
    column = "rows_corrected" if defect_class in CORRECTIONS else "rows_failed"
    assert counted(warehouse, rule, check, column=column) == expected


def test_the_demo_dataset_injects_most_defect_classes(injected: dict) -> None:
    """Guards the reconciliation above against passing on classes that never occur."""
    present = {name for name in RECONCILED if nonzero(injected.get(name, {}))}
    assert len(present) >= len(RECONCILED) - 3, sorted(set(RECONCILED) - present)


def test_malformed_rows_are_quarantined_as_ing01(
    warehouse: duckdb.DuckDBPyConnection, injected: dict
) -> None:
    quarantined = dict(
        warehouse.execute(
            "select source, count(*) from core.fct_quarantine where rule_id = 'ING01' group by 1"
        ).fetchall()
    )
    assert quarantined == nonzero(injected["malformed_row"])
    assert counted(warehouse, "ING01", column="rows_quarantined") == quarantined


def test_quarantine_holds_every_stg01_cr03_and_unresolvable_cr04_row(
    warehouse: duckdb.DuckDBPyConnection, injected: dict
) -> None:
    by_rule = dict(
        warehouse.execute("select rule_id, count(*) from core.fct_quarantine group by 1").fetchall()
    )
    qn = "procurement/quality_notification"
    assert by_rule.get("STG01", 0) == sum(injected["unparseable_value"].values())
    assert by_rule.get("CR03", 0) == (
        injected["defect_gt_inspected"].get(qn, 0) + injected["negative_quantity"].get(qn, 0)
    )
    assert by_rule.get("CR04", 0) == injected["unknown_supplier_unresolvable"].get(qn, 0)
    assert by_rule.get("ING02", 0) == sum(injected["missing_required_column"].values())


def test_quality_counts_agree_with_their_detail(warehouse: duckdb.DuckDBPyConnection) -> None:
    mismatches = warehouse.execute(
        """
        with detail as (
            select source, rule_id, extract_date, sum(rows_failed) as failed,
                   sum(rows_quarantined) as quarantined
            from intermediate.int_data_quality_checks_counted group by all
        )
        select * from detail
        full join core.fct_data_quality_counts as c using (source, rule_id, extract_date)
        where c.rows_failed is distinct from detail.failed
           or c.rows_quarantined is distinct from detail.quarantined
           or c.rows_failed > c.rows_checked
        """
    ).fetchall()
    assert mismatches == []


# -- reruns -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def rerun() -> tuple[Path, dict, dict]:
    """A copy of the demo warehouse (built with one DuckDB thread), its checksums, ``dbt
    seed`` + ``dbt run`` again with no new data and four threads, and the checksums after:
    with several threads DuckDB adds partial sums in a different order on every run, so
    equal checksums show the sums do not depend on it (macros/exact_sums.sql)."""
    path = scratch_warehouse()
    before = checksums(path)
    for step in ("seed", "run"):
        result = dbt(path, step, CHAINSEG_THREADS="4")
        assert result.returncode == 0, result.failures() or result.stdout[-2000:]
    return path, before, checksums(path)


def test_rerun_with_four_threads_leaves_every_table_identical(rerun) -> None:
    _, before, after = rerun
    assert len(before) > 60
    assert after == before


def test_no_temporary_or_backup_relations_are_left_behind(rerun) -> None:
    path, _, _ = rerun
    conn = duckdb.connect(str(path), read_only=True)
    try:
        leftovers = conn.execute(
            """
            select table_schema || '.' || table_name from information_schema.tables
            where table_name like '%__dbt_tmp%' or table_name like '%__dbt_backup%'
            """
        ).fetchall()
    finally:
        conn.close()
    assert leftovers == []


@pytest.mark.slow
def test_incremental_runs_equal_a_full_rebuild() -> None:
    """Load all but the last days and one older date, build; load the rest (the older date
    arrives late), build incrementally; compare every incremental model with a full refresh of
    the same data, and the models downstream of them too."""
    from ingestion import ensure_raw_schema, load_landing

    landing = generated_landing(**DEMO)
    first = date(2025, 1, 1).toordinal()
    last_day = date.fromordinal(first + DEMO["days"] - 1)
    late_day = date.fromordinal(first + DEMO["days"] // 2)
    first_days = [
        date.fromordinal(d)
        for d in range(first, last_day.toordinal() - 2)
        if date.fromordinal(d) != late_day
    ]
    path = scratch_warehouse(copy_demo=False)
    conn = duckdb.connect(str(path))
    ensure_raw_schema(conn)
    load_landing(conn, landing, extract_dates=first_days)
    conn.close()
    models = [m.split(".")[1] for m in INCREMENTAL if m.split(".")[1] not in MARTS_STEP_INCREMENTAL]
    # the incremental models, everything downstream of them before the marts step, and what
    # that needs (seeds first: the data-quality counts read the rule registry); then the
    # marts step's incremental models and what they need
    selection = ("--select", *(f"@{model}" for model in models), "--exclude", "tag:marts_step")
    marts = ("--select", *(f"+{model}" for model in MARTS_STEP_INCREMENTAL))
    assert dbt(path, "seed").returncode == 0
    assert dbt(path, "run", *selection).returncode == 0
    assert dbt(path, "run", *marts).returncode == 0

    conn = duckdb.connect(str(path))
    load_landing(conn, landing)
    conn.close()
    log = path.parent / "dbt_logs" / "dbt.log"
    logged = log.stat().st_size
    assert dbt(path, "run", *selection).returncode == 0
    daily_marts = dbt(path, "run", *marts)
    assert daily_marts.returncode == 0
    # the marts step's models took their delta path (no master changed on these dates)
    compiled = daily_marts.compiled_code()
    assert [m for m in MARTS_STEP_DELTA_KEYS if "__delta_keys" not in compiled[m]] == []
    # and the models keyed like their unscoped model took its keys of the same invocation
    with log.open() as daily_log:
        daily_log.seek(logged)
        daily_sql = daily_log.read()
    for unscoped in ("int_sales_order_lines_unscoped", "int_cost_to_serve_lines"):
        assert f"select * from _chainseg.{unscoped}__delta_keys" in daily_sql, unscoped
    incremental = checksums(path)

    assert dbt(path, "run", "--full-refresh", *selection).returncode == 0
    assert dbt(path, "run", "--full-refresh", *marts).returncode == 0
    rebuilt = checksums(path)
    assert set(INCREMENTAL) <= set(incremental)
    assert {m: incremental[m] for m in INCREMENTAL} == {m: rebuilt[m] for m in INCREMENTAL}
    assert incremental == rebuilt


def _sales_order_conversions(conn: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """CR07's sales-order rows per conversion verdict."""
    return dict(
        conn.execute(
            "select conversion, count(*) from intermediate.int_money_and_weights_converted "
            "where source = 'erp/sales_order_item' group by 1"
        ).fetchall()
    )


@pytest.mark.slow
def test_incremental_conversions_and_summary_rebuild_when_fx_rates_are_resent() -> None:
    """ERP re-sends every rate of the sales orders' most used foreign currency as 0 (invalid:
    dim_fx_rates drops it). No landed file is new, yet CR07 (int_money_and_weights_converted),
    the sales-order fact and its daily summary take the change (their masters fingerprint
    moved), and each equals a full rebuild. By hand: each dated sales order line of that
    currency turns from converted_currency into no_fx_rate; the summary's values change."""
    path = scratch_warehouse()
    conn = duckdb.connect(str(path))
    (reporting,) = conn.execute("select currency_code from seeds.reporting_currency").fetchone()
    needing = f"""
        from staging.base_erp__sales_order_item
        where _parse_errors is null and net_value is not null
            and coalesce(currency, '') <> '{reporting}'
    """
    currency, dated = conn.execute(
        f"select upper(trim(currency)), count(order_date) {needing} "
        "and trim(coalesce(currency, '')) <> '' group by 1 order by 2 desc, 1 limit 1"
    ).fetchone()
    before = _sales_order_conversions(conn)
    summary_before = table_checksum(conn, "intermediate", "int_sales_order_lines_day")
    assert dated > 0 and before["converted_currency"] >= dated
    conn.execute(
        f"""
        insert into raw.erp__fx_rate
        select * replace (
            '0' as ukurs,
            '~resent/' || _source_file as _source_file,
            (select max(_extract_date) from raw.erp__fx_rate) as _extract_date,
            (select max(_loaded_at) from raw.erp__fx_rate) + interval 1 minute as _loaded_at
        )
        from raw.erp__fx_rate
        where upper(trim(fcurr)) = '{currency}' or upper(trim(tcurr)) = '{currency}'
        """
    )
    conn.close()
    selection = (
        "--select",
        "stg_erp__fx_rates",
        "dim_fx_rates",
        "int_money_and_weights_converted",
        "int_sales_order_lines_unscoped",
        "fct_sales_order_lines",
        "int_sales_order_lines_day",
    )

    assert dbt(path, "run", *selection).returncode == 0
    incremental = checksums(path)
    conn = duckdb.connect(str(path), read_only=True)
    after = _sales_order_conversions(conn)
    conn.close()
    assert after == {
        "converted_currency": before["converted_currency"] - dated,
        "no_fx_rate": before.get("no_fx_rate", 0) + dated,
    }
    assert incremental["intermediate.int_sales_order_lines_day"] != summary_before

    models = (
        "intermediate.int_money_and_weights_converted",
        "core.fct_sales_order_lines",
        "intermediate.int_sales_order_lines_day",
    )
    assert_full_rebuild_equals(path, selection, {m: incremental[m] for m in models})


def _resend_shipment(
    conn: duckdb.DuckDBPyConnection, shipment_id: str, deliveries: str, updated_at: str
) -> None:
    """Land a new raw version of a shipment: its last row with other deliveries (a JSON array
    expression over the old value) and updated_at, loaded after everything else."""
    conn.execute(
        f"""
        insert into raw.tms__shipment
        select * replace (
            {deliveries} as deliveries,
            '{updated_at}' as updated_at,
            'tms/shipment/resent.jsonl' as _source_file,
            (select max(_loaded_at) from raw.tms__shipment) + interval 1 minute as _loaded_at
        )
        from raw.tms__shipment
        where shipment_id = '{shipment_id}'
        order by _extract_date desc, _source_file desc, _row_number desc
        limit 1
        """
    )


def _next_extract(conn: duckdb.DuckDBPyConnection, entity: str, name: str) -> tuple[date, str]:
    """The day after `entity`'s newest extract date, and a file `name` of that day's extract."""
    next_day = conn.execute(
        "select max(extract_date) + 1 from raw._file_ledger where entity = ?", [entity]
    ).fetchone()[0]
    return next_day, f"{entity}/{next_day}/{name}"


def _land_in_ledger(
    conn: duckdb.DuckDBPyConnection, entity: str, source_file: str, extract_date: date
) -> None:
    """Record in the file ledger a file of one row of `entity` for `extract_date`, loaded
    after everything else (as ingestion records a landed file)."""
    conn.execute(
        """
        insert into raw._file_ledger
        select * replace (
            ? as content_hash, ? as source_file, ? as extract_date, 1 as rows_read,
            1 as rows_loaded, 0 as rows_quarantined,
            (select max(loaded_at) from raw._file_ledger) + interval 1 minute as loaded_at
        )
        from raw._file_ledger
        where entity = ?
        order by extract_date desc
        limit 1
        """,
        [source_file, source_file, extract_date, entity],
    )


@pytest.mark.slow
def test_incremental_shipment_deliveries_follow_the_kept_shipment_version() -> None:
    """A shipment re-sent with a later updated_at and no deliveries keeps none, one re-sent
    with one delivery of its two keeps that one, one re-sent with an earlier updated_at keeps
    its two: the incremental run removes the stale rows, and equals a full rebuild."""
    path = scratch_warehouse()
    conn = duckdb.connect(str(path))
    emptied, shortened, outranked = [
        shipment_id
        for (shipment_id,) in conn.execute(
            "select shipment_id from staging.stg_tms__shipment_deliveries "
            "group by shipment_id having count(*) = 2 order by shipment_id limit 3"
        ).fetchall()
    ]
    _resend_shipment(conn, emptied, "'[]'", "2099-01-01T00:00:00Z")
    _resend_shipment(
        conn,
        shortened,
        "'[\"' || json_extract_string(deliveries, '$[0]') || '\"]'",
        "2099-01-01T00:00:00Z",
    )
    _resend_shipment(conn, outranked, "'[]'", "2000-01-01T00:00:00Z")
    conn.close()
    selection = ("--select", "stg_tms__shipments", "stg_tms__shipment_deliveries")

    assert dbt(path, "run", *selection).returncode == 0
    conn = duckdb.connect(str(path), read_only=True)
    counts = dict(
        conn.execute(
            "select shipment_id, count(*) from staging.stg_tms__shipment_deliveries "
            f"where shipment_id in ('{emptied}', '{shortened}', '{outranked}') group by 1"
        ).fetchall()
    )
    incremental = table_checksum(conn, "staging", "stg_tms__shipment_deliveries")
    conn.close()
    assert counts == {shortened: 1, outranked: 2}

    assert_full_rebuild_equals(
        path, selection, {"staging.stg_tms__shipment_deliveries": incremental}
    )


#: mart_cost_to_serve_line's freight columns, which a late freight charge changes
_FREIGHT_COLUMNS = ("freight", "invoiced_freight", "cost_to_serve", "net_margin")


def _cost_to_serve_lines(path: Path) -> dict[tuple[str, str], dict[str, object]]:
    conn = duckdb.connect(str(path), read_only=True)
    try:
        cursor = conn.execute("select * from marts.mart_cost_to_serve_line")
        names = [column[0] for column in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    finally:
        conn.close()
    return {(row["sales_order_id"], row["sales_order_item"]): row for row in rows}


@pytest.mark.slow
def test_a_late_freight_charge_changes_its_shipment_lines_only() -> None:
    """A LINEHAUL charge of 100 EUR for an invoiced shipment of the demo's first month, landing
    late (a new file for an old extract date): the next run takes the delta path; the
    shipment's lines carry 100 EUR more freight split by their delivered weight, and every
    other line of every month is bit for bit what it was."""
    path = scratch_warehouse()
    conn = duckdb.connect(str(path))
    # a shipment invoiced in EUR whose costed items are all lines of January 2025, the
    # demo's first month, invoiced before the freight accrual window (90 days ending on the
    # as-of date, 2025-04-30), whose observed rates the charge must not change
    shipment, extract_date = conn.execute(
        """
        select charges.shipment_id, min(charges._extract_date)
        from staging.stg_tms__freight_charges as charges
        inner join core.fct_shipment_deliveries as deliveries
            on charges.shipment_id = deliveries.shipment_id
        inner join intermediate.int_cts_delivery_items as items
            on deliveries.delivery_id = items.delivery_id
        where charges.charge_type = 'LINEHAUL' and charges.currency = 'EUR'
        group by charges.shipment_id
        having max(charges.invoice_date) < date '2025-01-25'
            and min(items.order_month) = date '2025-01-01'
            and max(items.order_month) = date '2025-01-01'
            and count(distinct items.delivered_weight_kg) > 1
        order by charges.shipment_id
        limit 1
        """
    ).fetchone()
    weights = dict(
        conn.execute(
            """
            select
                items.sales_order_id || '/' || items.sales_order_item,
                sum(items.delivered_weight_kg)
            from (
                select distinct delivery_id from core.fct_shipment_deliveries where shipment_id = ?
            ) as deliveries
            inner join intermediate.int_cts_delivery_items as items
                on deliveries.delivery_id = items.delivery_id
            group by 1
            """,
            [shipment],
        ).fetchall()
    )
    late_file = f"tms/freight_charge/{extract_date}/late.jsonl"
    conn.execute(
        """
        insert into raw.tms__freight_charge
        select * replace (
            'FCLATE0001' as charge_id, 'LINEHAUL' as charge_type, '100.00' as amount,
            'EUR' as currency, ? as _source_file, 1 as _row_number,
            (select max(_loaded_at) from raw.tms__freight_charge) + interval 1 minute as _loaded_at
        )
        from raw.tms__freight_charge
        where shipment_id = ? and charge_type = 'LINEHAUL' and currency = 'EUR'
        order by _extract_date, _row_number
        limit 1
        """,
        [late_file, shipment],
    )
    _land_in_ledger(conn, "tms/freight_charge", late_file, extract_date)
    conn.close()
    before = _cost_to_serve_lines(path)

    result = dbt(path, "run", "--select", "+mart_cost_to_serve_line")
    assert result.returncode == 0, result.failures()
    after = _cost_to_serve_lines(path)

    # the delta path: the lines reopened were recomputed, the others kept
    compiled = result.compiled_code()
    assert "__delta_keys" in compiled["int_cost_to_serve_lines"]
    assert "__delta_keys" in compiled["mart_cost_to_serve_line"]
    total_weight = sum(weights.values())
    assert total_weight > 0
    assert set(after) == set(before)
    for key, row in after.items():
        line = "/".join(key)
        if line not in weights:
            assert row == before[key], line
            continue
        assert {c: v for c, v in row.items() if c not in _FREIGHT_COLUMNS} == {
            c: v for c, v in before[key].items() if c not in _FREIGHT_COLUMNS
        }
        added = 100.0 * weights[line] / total_weight
        for column in ("freight", "invoiced_freight", "cost_to_serve"):
            assert row[column] == pytest.approx(before[key][column] + added, abs=1e-9)
        assert row["net_margin"] == pytest.approx(before[key]["net_margin"] - added, abs=1e-9)


@pytest.mark.slow
def test_a_late_delivery_item_resplits_its_shipment_across_months() -> None:
    """The next day's ERP extract adds a delivery item, issued long ago, to a delivery of a
    shipment whose costed items belong to two earlier order months: the shipment's freight is
    split again over the heavier total, so the lines of the other month change too, though
    nothing of theirs landed (and no other file that day reopens their month). The
    incremental run equals a full rebuild of the cost-to-serve lines."""
    path = scratch_warehouse()
    conn = duckdb.connect(str(path))
    # a shipment with freight split by weight over costed items of two order months before
    # the as-of date's (a run always reopens that one), and one of its deliveries' items (the
    # raw row it is copied from)
    shipment, delivery, item, month = conn.execute(
        """
        with shipment_items as (
            select distinct
                allocations.shipment_id, allocations.delivery_id, allocations.delivery_item,
                items.order_month
            from intermediate.int_freight_charge_allocations as allocations
            inner join intermediate.int_cts_delivery_items as items
                on allocations.delivery_id = items.delivery_id
                and allocations.delivery_item = items.delivery_item
            where allocations.cost_pool = 'freight' and allocations.delivered_weight_kg > 0
        ),
        two_months as (
            select shipment_items.shipment_id
            from shipment_items
            cross join intermediate.int_as_of as as_of
            group by shipment_items.shipment_id
            having
                count(distinct shipment_items.order_month) = 2
                and max(shipment_items.order_month) < date_trunc('month', max(as_of.as_of_date))
        )
        select shipment_id, delivery_id, delivery_item, order_month
        from shipment_items
        where shipment_id in (select two_months.shipment_id from two_months)
        order by shipment_id, delivery_id, delivery_item
        limit 1
        """
    ).fetchone()
    next_day, next_file = _next_extract(conn, "erp/delivery_item", "delivery_item_next.csv")
    conn.execute(
        """
        insert into raw.erp__delivery_item
        select * replace (
            '000990' as posnr, ? as _source_file, ? as _extract_date, 1 as _row_number,
            (select max(_loaded_at) from raw.erp__delivery_item) + interval 1 minute as _loaded_at
        )
        from raw.erp__delivery_item
        where ltrim(vbeln, '0') = ltrim(?, '0') and ltrim(posnr, '0') = ltrim(?, '0')
        order by _extract_date desc, _row_number
        limit 1
        """,
        [next_file, next_day, delivery, item],
    )
    _land_in_ledger(conn, "erp/delivery_item", next_file, next_day)
    conn.close()
    before = _cost_to_serve_lines(path)

    lines_and_inputs = ("--select", "+mart_cost_to_serve_line")
    result = dbt(path, "run", *lines_and_inputs)
    assert result.returncode == 0, result.failures()
    compiled = result.compiled_code()
    assert all(
        "__delta_keys" in compiled[model]
        for model in ("int_freight_charge_allocations", "int_cost_to_serve_lines")
    )
    incremental = checksums(path)
    after = _cost_to_serve_lines(path)
    # the scenario holds: a line of the shipment's other month now carries other freight
    conn = duckdb.connect(str(path), read_only=True)
    other_month_lines = conn.execute(
        """
        select distinct items.sales_order_id, items.sales_order_item
        from core.fct_shipment_deliveries as deliveries
        inner join intermediate.int_cts_delivery_items as items
            on deliveries.delivery_id = items.delivery_id
        where deliveries.shipment_id = ? and items.order_month != ?
        """,
        [shipment, month],
    ).fetchall()
    conn.close()
    assert any(after[line]["freight"] != before[line]["freight"] for line in other_month_lines)

    models = (
        "intermediate.int_freight_charge_allocations",
        "intermediate.int_cost_to_serve_lines",
        "marts.mart_cost_to_serve_line",
    )
    assert_full_rebuild_equals(path, lines_and_inputs, {m: incremental[m] for m in models})


@pytest.mark.slow
def test_a_shipment_resent_without_a_delivery_leaves_that_deliverys_lines_late() -> None:
    """The next day's TMS extract re-sends an arrived shipment of two deliveries with the first
    only: the lines of the other delivery, which no other shipment carries, lose their only
    shipment, so they are no longer on time. The incremental run takes OTIF's delta path and
    equals a full rebuild."""
    path = scratch_warehouse()
    conn = duckdb.connect(str(path))
    # a shipment carrying two deliveries whose lines it alone carries, each line on time
    shipment = conn.execute(
        """
        with line_shipments as (
            select
                links.shipment_id, links.delivery_id, items.sales_order_id, items.sales_order_item,
                count(distinct links.shipment_id)
                    over (partition by items.sales_order_id, items.sales_order_item)
                    as shipments_of_line
            from core.fct_shipment_deliveries as links
            inner join core.fct_delivery_items as items on links.delivery_id = items.delivery_id
        )
        select line_shipments.shipment_id
        from line_shipments
        inner join intermediate.int_sales_order_line_otif as otif
            on line_shipments.sales_order_id = otif.sales_order_id
            and line_shipments.sales_order_item = otif.sales_order_item
        group by line_shipments.shipment_id
        having count(distinct line_shipments.delivery_id) = 2
            and max(line_shipments.shipments_of_line) = 1
            and bool_and(otif.is_on_time)
        order by line_shipments.shipment_id
        limit 1
        """
    ).fetchone()[0]
    carried = "select delivery_id from core.fct_shipment_deliveries where shipment_id = ?"
    before = {d for (d,) in conn.execute(carried, [shipment]).fetchall()}
    next_day, next_file = _next_extract(conn, "tms/shipment", "shipment_next.jsonl")
    conn.execute(
        """
        insert into raw.tms__shipment
        select * replace (
            '["' || json_extract_string(deliveries, '$[0]') || '"]' as deliveries,
            '2099-01-01T00:00:00Z' as updated_at, ? as _source_file, ? as _extract_date,
            1 as _row_number,
            (select max(_loaded_at) from raw.tms__shipment) + interval 1 minute as _loaded_at
        )
        from raw.tms__shipment
        where shipment_id = ?
        order by _extract_date desc, _source_file desc, _row_number desc
        limit 1
        """,
        [next_file, next_day, shipment],
    )
    _land_in_ledger(conn, "tms/shipment", next_file, next_day)
    conn.close()

    otif_and_inputs = ("--select", "+int_sales_order_line_otif")
    result = dbt(path, "run", *otif_and_inputs)
    assert result.returncode == 0, result.failures()
    compiled = result.compiled_code()
    assert "__delta_keys" in compiled["int_sales_order_line_otif"]
    incremental = checksums(path)
    # the scenario holds: the dropped delivery's lines now have no shipment, so not on time
    conn = duckdb.connect(str(path), read_only=True)
    after = {d for (d,) in conn.execute(carried, [shipment]).fetchall()}
    [dropped] = before - after
    dropped_lines = conn.execute(
        """
        select otif.shipment_count, otif.is_on_time, otif.is_otif
        from intermediate.int_sales_order_line_otif as otif
        inner join core.fct_delivery_items as items
            on otif.sales_order_id = items.sales_order_id
            and otif.sales_order_item = items.sales_order_item
        where items.delivery_id = ?
        """,
        [dropped],
    ).fetchall()
    conn.close()
    assert dropped_lines
    assert set(dropped_lines) == {(0, False, False)}

    assert_full_rebuild_equals(path, otif_and_inputs, incremental)


# -- docs -------------------------------------------------------------------------------


def test_docs_generate_documents_every_model() -> None:
    import json

    path = scratch_warehouse()
    result = dbt(path, "docs", "generate")
    assert result.returncode == 0, result.stdout[-2000:]
    catalog = json.loads((path.parent / "dbt_target" / "catalog.json").read_text())
    assert any(key.endswith(".fct_purchase_order_lines") for key in catalog["nodes"])

    nodes = json.loads((path.parent / "dbt_target" / "manifest.json").read_text())["nodes"]
    ours = {
        key: node
        for key, node in nodes.items()
        if node["resource_type"] == "model" and node["original_file_path"].startswith(OURS)
    }
    assert len(ours) > 50
    undocumented = []
    for key, node in ours.items():
        if not node["description"]:
            undocumented.append(node["name"])
        documented = {c for c, spec in node["columns"].items() if spec["description"]}
        built = {c.lower() for c in catalog["nodes"][key]["columns"]}
        undocumented += [f"{node['name']}.{c}" for c in sorted(built - documented)]
    assert undocumented == []
