"""The raw schema of the warehouse: one table per source entity plus the ingestion bookkeeping.

``ensure_raw_schema`` creates every table up front, also for entities that have not
delivered a file yet, so that dbt sources always resolve. Table names and columns are the
contract of ``docs/warehouse-contract.md`` §"Raw layer".
"""

from __future__ import annotations

import duckdb

from ingestion.entities import ENTITIES, LOAD_METADATA, Entity

SCHEMA = "raw"
LEDGER = f"{SCHEMA}._file_ledger"
QUARANTINE = f"{SCHEMA}._quarantine"
REJECTIONS = f"{SCHEMA}._file_rejections"

#: Rule id of a row that ingestion could not parse (contract: ``raw._quarantine.rule_id``).
UNPARSEABLE_ROW = "ING01"

_BOOKKEEPING_DDL = (
    f"""
    create table if not exists {LEDGER} (
        entity varchar not null,
        extract_date date not null,
        content_hash varchar not null,
        source_file varchar not null,
        load_id varchar not null,
        loaded_at timestamp not null,
        rows_read bigint not null,
        rows_loaded bigint not null,
        rows_quarantined bigint not null,
        extra_columns varchar not null,
        unique (entity, extract_date, content_hash)
    )
    """,
    f"""
    create table if not exists {QUARANTINE} (
        entity varchar not null,
        source_file varchar not null,
        extract_date date not null,
        row_number bigint not null,
        raw_text varchar,
        reason varchar not null,
        rule_id varchar not null,
        load_id varchar not null,
        quarantined_at timestamp not null
    )
    """,
    f"""
    create table if not exists {REJECTIONS} (
        entity varchar not null,
        extract_date date,
        source_file varchar not null,
        content_hash varchar,
        reason varchar not null,
        load_id varchar not null,
        rejected_at timestamp not null
    )
    """,
)


def raw_table(entity: Entity) -> str:
    """Fully qualified raw table of an entity, e.g. ``raw.erp__material``."""
    return f"{SCHEMA}.{entity.raw_table}"


def entity_table_ddl(entity: Entity) -> str:
    """``create table`` for an entity: its declared columns, then the load metadata."""
    columns = [(c, entity.column_type(c)) for c in entity.columns] + list(LOAD_METADATA)
    body = ",\n    ".join(f'"{name}" {sql_type}' for name, sql_type in columns)
    return f"create table if not exists {raw_table(entity)} (\n    {body}\n)"


def _expected_tables() -> set[str]:
    names = [e.raw_table for e in ENTITIES] + [LEDGER, QUARANTINE, REJECTIONS]
    return {name.removeprefix(f"{SCHEMA}.") for name in names}


def ensure_raw_schema(conn: duckdb.DuckDBPyConnection) -> None:
    """Create schema ``raw``, every entity table and the bookkeeping tables; idempotent."""
    present = conn.execute(
        "select table_name, column_name from duckdb_columns() "
        "where schema_name = ? and database_name = current_database()",
        [SCHEMA],
    ).fetchall()
    columns: dict[str, set[str]] = {}
    for table, column in present:
        columns.setdefault(table, set()).add(column)
    added = _added_columns(columns)
    if _expected_tables() <= set(columns) and not added:
        return  # every load calls this: one catalog query instead of 22 statements
    conn.execute(f"create schema if not exists {SCHEMA}")
    for entity in ENTITIES:
        conn.execute(entity_table_ddl(entity))
    for entity, column in added:
        # a table made before the column joined the contract (an optional field): add it
        # empty, so older rows read NULL like the files that did not deliver it
        conn.execute(
            f'alter table {raw_table(entity)} add column "{column}" {entity.column_type(column)}'
        )
    for ddl in _BOOKKEEPING_DDL:
        conn.execute(ddl)


def _added_columns(columns: dict[str, set[str]]) -> list[tuple[Entity, str]]:
    """Optional columns an existing raw table does not have yet."""
    return [
        (entity, column)
        for entity in ENTITIES
        if entity.raw_table in columns
        for column in entity.optional_columns
        if column not in columns[entity.raw_table]
    ]
