"""One load batch: the files of one entity loaded together in one transaction.

Shared by the format readers: the temp table that numbers the batch's files and carries
their load metadata, the SQL that fills the metadata columns of raw rows, and the
per-file outcome each reader reports back to the loader.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import duckdb

from ingestion.entities import Entity
from ingestion.landing import LandedFile
from ingestion.schema import QUARANTINE, UNPARSEABLE_ROW, raw_table

#: Temp table of the files being read: file_id (position in the reader's list),
#: path, source_file, extract_date.
FILES = "_ingest_files"


@dataclass(frozen=True)
class Batch:
    entity: Entity
    load_id: str
    loaded_at: datetime  # UTC, naive: raw timestamps are UTC by contract


@dataclass
class FileOutcome:
    """What a reader did with one file; ``problem`` set means nothing of it was loaded."""

    rows_read: int = 0
    extra: tuple[str, ...] = ()
    problem: str | None = None


def register_files(conn: duckdb.DuckDBPyConnection, files: Sequence[LandedFile]) -> None:
    """(Re)create the batch's file table; file_id is the position in ``files``."""
    conn.execute(
        f"create or replace temp table {FILES} "
        "(file_id bigint, path varchar, source_file varchar, extract_date date)"
    )
    insert_values(
        conn, FILES, [(i, str(f.path), f.source_file, f.extract_date) for i, f in enumerate(files)]
    )


def insert_values(conn: duckdb.DuckDBPyConnection, table: str, rows: Sequence[tuple]) -> None:
    """Insert Python rows in ONE statement (one list parameter per column, unnested side
    by side): ``executemany`` costs a statement per row, which thousands of files feel."""
    if not rows:
        return
    columns = list(zip(*rows, strict=True))
    select = ", ".join(f"unnest($c{i})" for i in range(len(columns)))
    conn.execute(
        f"insert into {table} select {select}",
        {f"c{i}": list(column) for i, column in enumerate(columns)},
    )


def insert_rows_sql(batch: Batch, values: Sequence[str], source: str, row_number: str) -> str:
    """``insert`` into the entity's raw table: ``values`` (one SQL expression per declared
    column) and the load metadata, from ``source`` joined to the file table as ``f``."""
    entity = batch.entity
    names = ", ".join(f'"{c}"' for c in entity.columns)
    exprs = ",\n    ".join(
        f'cast({v} as {entity.column_type(c)}) as "{c}"'
        for c, v in zip(entity.columns, values, strict=True)
    )
    return f"""
insert into {raw_table(entity)}
    ({names}, _source_file, _extract_date, _row_number, _load_id, _loaded_at)
select
    {exprs},
    f.source_file,
    f.extract_date,
    {row_number},
    $load_id,
    $loaded_at,
{source}
"""


def insert_quarantine_sql(source: str) -> str:
    """``insert`` into ``raw._quarantine`` from ``source``, which must provide ``f``
    (the file table), ``row_number``, ``raw_text`` and ``reason``."""
    return f"""
insert into {QUARANTINE}
    (entity, source_file, extract_date, row_number, raw_text, reason, rule_id, load_id,
     quarantined_at)
select
    $entity,
    f.source_file,
    f.extract_date,
    row_number,
    raw_text,
    reason,
    '{UNPARSEABLE_ROW}',
    $load_id,
    $loaded_at,
{source}
"""


def row_parameters(batch: Batch) -> dict[str, object]:
    """Parameters of ``insert_rows_sql``."""
    return {"load_id": batch.load_id, "loaded_at": batch.loaded_at}


def quarantine_parameters(batch: Batch) -> dict[str, object]:
    """Parameters of ``insert_quarantine_sql``."""
    return {"entity": batch.entity.qualified, **row_parameters(batch)}


def drop_staging(conn: duckdb.DuckDBPyConnection) -> None:
    """Drop every temp view and table of a batch (they are all named ``_ingest_*``)."""
    for kind in ("view", "table"):
        names = conn.execute(
            f"select {kind}_name from duckdb_{kind}s() "
            f"where temporary and starts_with({kind}_name, '_ingest_')"
        ).fetchall()
        for (name,) in names:
            conn.execute(f"drop {kind} if exists {name}")
