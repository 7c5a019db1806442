"""Small real DuckDB warehouses for the quality tests: the tables a few suites read, by name.

Each fixture builds a file under ``tmp_path`` with the contract's schemas and table names and
hand-picked rows, so every expected count in the tests can be read off the rows here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

# Five clean notifications; N3 broke CR03 and sits in quarantine, as the pipeline leaves it.
# The as-of date is after every notification (none is held back as dated after it, AS01).
QUALITY_NOTIFICATIONS_SQL = """
create schema staging;
create schema core;
create schema intermediate;
create table intermediate.int_as_of as select date '2025-03-31' as as_of_date;
create table staging.stg_erp__vendors as
    select * from (values ('100'), ('200')) as t(supplier_id);
create table staging.stg_erp__materials as
    select * from (values ('M1'), ('M2')) as t(product_id);
create table staging.stg_procurement__quality_notifications (
    notification_id varchar, supplier_id varchar, product_id varchar, po_number varchar,
    po_item varchar, inspected_qty double, defect_qty double, defect_code varchar,
    severity varchar, created_on date, _source_file varchar, _row_number bigint
);
insert into staging.stg_procurement__quality_notifications values
    ('N1', '100', 'M1', '4500', '10', 100, 2, 'D1', 'minor', '2025-03-01', 'qn_1.csv', 1),
    ('N2', '200', 'M2', '4501', '10', 50, 50, 'D2', 'major', '2025-03-01', 'qn_1.csv', 2),
    ('N3', '100', 'M1', '4502', '10', 10, 12, 'D1', 'minor', '2025-03-02', 'qn_2.csv', 1),
    ('N4', '200', 'M2', '4503', '20', 80, 0, 'D3', 'critical', '2025-03-02', 'qn_2.csv', 2),
    ('N5', '100', 'M2', '4504', '10', 20, 1, 'D1', 'minor', '2025-03-03', 'qn_3.csv', 1);
create table core.fct_quarantine (
    source varchar, source_file varchar, extract_date date, row_number bigint,
    rule_id varchar, reason varchar
);
insert into core.fct_quarantine values (
    'procurement/quality_notification', 'qn_2.csv', '2025-03-02', 1, 'CR03',
    'defect_qty greater than inspected_qty'
);
create table core.fct_quality_notifications as
    select notification_id from staging.stg_procurement__quality_notifications
    where notification_id <> 'N3';
"""

# Two clean data-quality rows of the mart.
DATA_QUALITY_SQL = """
create schema marts;
create table marts.mart_data_quality (
    source varchar, rule_id varchar, extract_date date, rows_checked bigint,
    rows_failed bigint, rows_quarantined bigint
);
insert into marts.mart_data_quality values
    ('procurement/quality_notification', 'CR03', '2025-03-02', 2, 1, 1),
    ('erp/material', 'ING01', '2025-03-01', 10, 0, 0);
"""

# A defect above the inspected quantity, not quarantined: what a broken cleansing step leaves.
PLANTED_CR03_SQL = """
insert into staging.stg_procurement__quality_notifications values
    ('N6', '200', 'M1', '4505', '10', 5, 9, 'D2', 'major', '2025-03-03', 'qn_3.csv', 2);
insert into core.fct_quality_notifications values ('N6');
"""

# Seven defects above the inspected quantity, none quarantined: more failing rows than a
# summary shows (five).
PLANTED_SEVEN_CR03_SQL = """
insert into staging.stg_procurement__quality_notifications
    select 'NX' || i, '200', 'M1', '4600', cast(i as varchar), 5, 9, 'D2', 'major',
        date '2025-03-04', 'qn_4.csv', i
    from range(1, 8) as t(i);
insert into core.fct_quality_notifications
    select 'NX' || i from range(1, 8) as t(i);
"""

# More rows failed than were checked: a mart that breaks its own arithmetic. (A null key is a
# dbt test's to catch, not a suite's: tests/quality/test_demo_gate.py.)
PLANTED_FAILED_ABOVE_CHECKED_SQL = """
insert into marts.mart_data_quality values ('erp/vendor', 'CR08', '2025-03-01', 3, 4, 0);
"""


def build_warehouse(path: Path, *scripts: str) -> Path:
    connection = duckdb.connect(str(path))
    try:
        for script in scripts:
            connection.execute(script)
    finally:
        connection.close()
    return path


@dataclass
class AdHocSuite:
    """A suite for tests: any name, any factory (the runner's ``Suite`` protocol)."""

    name: str
    factory: Callable[[], Any]
    description: str = "ad-hoc test suite"
    path: Path = field(default_factory=lambda: Path(__file__))

    @property
    def asset_key(self) -> tuple[str, ...]:
        return (self.name,)

    def build(self) -> Any:
        return self.factory()


def ownership_sql(
    registry_rows: list[dict[str, str]],
    *,
    as_of: str = "2025-06-30",
    last_extract: dict[str, str] | None = None,
    mart_tables: dict[str, str] | None = None,
) -> str:
    """Registry seed, file ledger, as-of date, conflicts and mart tables for the ownership suite.

    ``last_extract`` maps a source to its latest extract date (default: the as-of date);
    ``mart_tables`` maps a mart to its column definitions (default: no mart tables).
    """

    def q(value: str) -> str:
        return "'" + value.replace("'", "''") + "'"

    rows = ", ".join(
        f"({q(r['dataset'])}, {q(r['dataset_type'])}, {q(r['owning_team'])}, "
        f"{q(r['steward'])}, {q(r['sensitivity'])}, {int(r['update_frequency_days'])})"
        for r in registry_rows
    )
    sources = [r["dataset"] for r in registry_rows if r["dataset_type"] == "source"]
    extracts = {s: as_of for s in sources} | (last_extract or {})
    ledger = ", ".join(f"({q(s)}, date {q(d)})" for s, d in extracts.items())
    marts = mart_tables or {}
    mart_ddl = "\n".join(f"create table marts.{name} ({cols});" for name, cols in marts.items())
    return f"""
create schema seeds; create schema raw; create schema intermediate; create schema marts;
create table seeds.data_ownership (
    dataset varchar, dataset_type varchar, owning_team varchar, steward varchar,
    sensitivity varchar, update_frequency_days integer
);
insert into seeds.data_ownership values {rows};
create table raw._file_ledger (entity varchar, extract_date date);
insert into raw._file_ledger values {ledger};
create table intermediate.int_as_of as select date {q(as_of)} as as_of_date;
create table intermediate.int_attribute_conflicts (
    entity varchar, entity_id varchar, attribute varchar, owner_system varchar,
    owner_value varchar, other_system varchar, other_value varchar
);
{mart_ddl}
"""
