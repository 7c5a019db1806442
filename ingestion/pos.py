"""POS (store point-of-sale exports): Parquet, typed, local timestamps without offset.

All files of an entity are read in one ``read_parquet`` call (``union_by_name``, so a
file with an extra column still lines up); ``file_row_number`` gives the row number.
Columns are checked per file from the Parquet schema first: a missing declared column
rejects the file, an extra one is ignored and reported. Parquet rows cannot be malformed,
so nothing is quarantined; rows read come from the file metadata.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb

from ingestion.batch import (
    FILES,
    Batch,
    FileOutcome,
    insert_rows_sql,
    register_files,
    row_parameters,
)
from ingestion.landing import LandedFile
from ingestion.layout import match_columns

_SCHEMA = """
with schema_rows as (
    select file_name, name, ordinality as ordinal
    from parquet_schema($paths) with ordinality
),
roots as (
    select file_name, min(ordinal) as root from schema_rows group by file_name
)
select s.file_name, list(s.name order by s.ordinal)
from schema_rows as s
inner join roots as r on s.file_name = r.file_name and s.ordinal > r.root
group by s.file_name
"""


def load(
    conn: duckdb.DuckDBPyConnection, batch: Batch, files: Sequence[LandedFile]
) -> list[FileOutcome]:
    """Load Parquet files into the entity's raw table; returns one outcome per file."""
    outcomes = [FileOutcome() for _ in files]
    columns = _columns(conn, files, outcomes)
    for i, names in columns.items():
        layout = match_columns(batch.entity, names)
        outcomes[i].extra = layout.extra
        outcomes[i].problem = layout.problem
    accepted = [i for i, outcome in enumerate(outcomes) if outcome.problem is None]
    if not accepted:
        return outcomes
    register_files(conn, [files[i] for i in accepted])
    paths = [str(files[i].path) for i in accepted]
    values = [f'r."{c}"' for c in batch.entity.columns]
    source = f"""
from read_parquet($paths, filename = true, file_row_number = true, union_by_name = true) as r
inner join {FILES} as f on r.filename = f.path
"""
    conn.execute(
        insert_rows_sql(batch, values, source, "r.file_row_number + 1"),
        {"paths": paths, **row_parameters(batch)},
    )
    rows = dict(
        conn.execute(
            "select file_name, num_rows from parquet_file_metadata($paths)", {"paths": paths}
        ).fetchall()
    )
    for i in accepted:
        outcomes[i].rows_read = int(rows[str(files[i].path)])
    return outcomes


def _columns(
    conn: duckdb.DuckDBPyConnection, files: Sequence[LandedFile], outcomes: list[FileOutcome]
) -> dict[int, list[str]]:
    """Top-level column names per file; an unreadable file gets a problem instead.

    Runs on a cursor of its own: a failed statement would abort the loader's transaction.
    """
    index = {str(f.path): i for i, f in enumerate(files)}
    conn = conn.cursor()
    try:
        found = conn.execute(_SCHEMA, {"paths": list(index)}).fetchall()
        return {index[name]: names for name, names in found}
    except duckdb.Error:
        pass  # one bad file fails the whole call: find it file by file
    columns = {}
    for path, i in index.items():
        try:
            found = conn.execute(_SCHEMA, {"paths": [path]}).fetchall()
        except duckdb.Error as exc:
            outcomes[i].problem = f"unreadable Parquet file: {str(exc).splitlines()[0]}"
            continue
        columns[i] = found[0][1] if found else []
    return columns
