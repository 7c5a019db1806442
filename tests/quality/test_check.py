"""`chainseg check` as CI uses it: exit code, printed failures, JUnit XML and the HTML report."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from quality_fixtures import (
    DATA_QUALITY_SQL,
    PLANTED_CR03_SQL,
    PLANTED_FAILED_ABOVE_CHECKED_SQL,
    PLANTED_SEVEN_CR03_SQL,
    QUALITY_NOTIFICATIONS_SQL,
)

from chainseg.check import REPORT_NAME, run_check

SUITES = ["stg_procurement__quality_notifications", "mart_data_quality"]
CR03 = (
    "stg_procurement__quality_notifications: "
    "CR03: defect_qty <= inspected_qty and quantities >= 0, or quarantined as CR03"
)
FAILED_ABOVE_CHECKED = "mart_data_quality: failed and quarantined rows are at most the rows checked"


def _failed_testcases(junit_path) -> list[str]:
    root = ET.parse(junit_path).getroot()
    return [case.get("name") for case in root.iter("testcase") if case.find("failure") is not None]


def test_clean_warehouse_passes_the_gate(warehouse_factory, tmp_path, capsys):
    warehouse = warehouse_factory(QUALITY_NOTIFICATIONS_SQL, DATA_QUALITY_SQL)
    junit = tmp_path / "junit.xml"

    code = run_check(
        warehouse,
        junit=junit,
        report_dir=tmp_path / "reports",
        run_dbt_tests=False,
        suites=SUITES,
    )

    assert code == 0
    assert _failed_testcases(junit) == []
    assert "quality gate passed" in capsys.readouterr().out


def test_planted_staging_and_mart_violations_fail_the_gate_and_are_named(
    warehouse_factory, tmp_path, capsys
):
    warehouse = warehouse_factory(
        QUALITY_NOTIFICATIONS_SQL,
        DATA_QUALITY_SQL,
        PLANTED_CR03_SQL,
        PLANTED_FAILED_ABOVE_CHECKED_SQL,
    )
    junit = tmp_path / "ci" / "junit.xml"
    reports = tmp_path / "reports"

    code = run_check(warehouse, junit=junit, report_dir=reports, run_dbt_tests=False, suites=SUITES)

    assert code == 1
    assert sorted(_failed_testcases(junit)) == sorted([CR03, FAILED_ABOVE_CHECKED])
    out = capsys.readouterr().out
    lines = out.splitlines()
    # each failure: suite, expectation, failing-row count, then the failing rows
    cr03 = lines.index(f"FAILED {CR03} — 1 failing row of 6")
    assert lines[cr03 + 1].startswith('    {"notification_id": "N6"')
    mart = lines.index(f"FAILED {FAILED_ABOVE_CHECKED} — 1 failing row of 3")
    assert lines[mart + 1] == (
        '    {"source": "erp/vendor", "rule_id": "CR08", "extract_date": "2025-03-01", '
        '"rows_checked": 3, "rows_failed": 4, "rows_quarantined": 0}'
    )
    assert f"report: {reports / REPORT_NAME}" in out
    page = (reports / REPORT_NAME).read_text()
    assert "gate <b>FAILED</b>" in page and "N6" in page


def test_a_failure_prints_its_count_and_at_most_five_rows_and_the_reports_carry_them(
    warehouse_factory, tmp_path, capsys
):
    warehouse = warehouse_factory(QUALITY_NOTIFICATIONS_SQL, PLANTED_SEVEN_CR03_SQL)
    junit = tmp_path / "junit.xml"
    reports = tmp_path / "reports"

    code = run_check(
        warehouse, junit=junit, report_dir=reports, run_dbt_tests=False, suites=SUITES[:1]
    )

    assert code == 1
    lines = capsys.readouterr().out.splitlines()
    start = lines.index(f"FAILED {CR03} — 7 failing rows of 12")
    rows = lines[start + 1 : start + 7]
    assert [r.startswith('    {"notification_id": "NX') for r in rows] == [True] * 5 + [False]
    [failure] = [
        c.find("failure")
        for c in ET.parse(junit).getroot().iter("testcase")
        if c.get("name") == CR03
    ]
    assert failure.text.count('row: {"notification_id": "NX') == 5
    assert (reports / REPORT_NAME).read_text().count("&quot;notification_id&quot;: &quot;NX") >= 5


def test_warning_failures_do_not_fail_the_gate_but_show_in_junit(warehouse_factory, tmp_path):
    # An orphan supplier in one of five notifications fails the warning-level reference
    # (90 %), and N3 (quarantined, 1 of 5) the warning on the share of defect <= inspected;
    # no error-level expectation fails.
    warehouse = warehouse_factory(
        QUALITY_NOTIFICATIONS_SQL,
        DATA_QUALITY_SQL,
        "update staging.stg_procurement__quality_notifications set supplier_id = '999' "
        "where notification_id = 'N1'",
    )
    junit = tmp_path / "junit.xml"

    code = run_check(
        warehouse, junit=junit, report_dir=tmp_path, run_dbt_tests=False, suites=SUITES
    )

    assert code == 0
    warned = [
        case.get("name")
        for case in ET.parse(junit).getroot().iter("testcase")
        if case.find("system-err") is not None
    ]
    assert sorted(warned) == [
        "stg_procurement__quality_notifications: "
        "defect_qty <= inspected_qty on at least 90% of notifications",
        "stg_procurement__quality_notifications: "
        "supplier_id references stg_erp__vendors.supplier_id (at least 90%)",
    ]


def test_unreadable_warehouse_exits_2_with_one_line(tmp_path, capsys):
    code = run_check(
        tmp_path / "missing.duckdb",
        junit=None,
        report_dir=tmp_path,
        run_dbt_tests=False,
        wait_for_writers=False,
    )

    assert code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "warehouse not found" in err[0]
