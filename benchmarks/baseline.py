"""The raw-DuckDB baseline of `chainseg bench`, each half run as its own child process.

    python -m benchmarks.baseline ingest --landing DIR --db FILE
    python -m benchmarks.baseline sql --db FILE

``ingest``: every landed file of every entity read by the plain DuckDB readers
(``read_csv`` / ``read_json`` / ``read_parquet``, the declared columns by name, plus the
file name) into one table per entity of a scratch DuckDB
file. ``sql``: ``benchmarks/baseline.sql`` over those tables (the core marts: cost to serve
per line, product ABC-XYZ, supplier Kraljic). Each prints one JSON line (rows, seconds).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import duckdb

from benchmarks.ingest import _PLAIN_CSV
from ingestion import discover
from ingestion.entities import ENTITIES, Entity
from settings.paths import SEEDS_DIR

SCRIPT = Path(__file__).with_name("baseline.sql")

#: the tables of the script that hold the core marts
MARTS = ("bl_cost_to_serve_line", "bl_product_segments", "bl_supplier_segments")


def reader(entity: Entity) -> str:
    """The plain DuckDB read of an entity's files (``$files``): the declared columns, found by
    name (files that add or drop a column are read too), typed as declared, and the file's
    path (its extract date picks the latest version of a record)."""
    columns = ", ".join(f"'{c}': '{entity.column_type(c)}'" for c in entity.columns)
    if entity.format in _PLAIN_CSV:
        typed = ", ".join(
            f"try_cast({c} as {entity.column_type(c)}) as {c}" for c in entity.columns
        )
        return (
            f"(select {typed}, filename from read_csv($files, header = true, "
            f"{_PLAIN_CSV[entity.format]}, union_by_name = true, all_varchar = true, "
            "ignore_errors = true, null_padding = true, strict_mode = false, filename = true))"
        )
    if entity.format == "jsonl":
        return (
            "read_json($files, format = 'newline_delimited', "
            f"columns = {{{columns}}}, ignore_errors = true, filename = true)"
        )
    return "read_parquet($files, union_by_name = true, filename = true)"


def plain_ingest(landing: Path, db: Path) -> dict[str, float]:
    """Every entity's files into ``<system>__<entity>`` tables of ``db`` (replaced)."""
    found = discover(landing)
    started = time.perf_counter()
    rows = 0
    with duckdb.connect(str(db)) as conn:
        for entity in ENTITIES:
            files = [str(f) for fs in found.get(entity.qualified, {}).values() for f in fs]
            if not files:
                continue
            conn.execute(
                f"create or replace table {entity.raw_table} as select * from {reader(entity)}",
                {"files": files},
            )
            rows += conn.execute(f"select count(*) from {entity.raw_table}").fetchall()[0][0]
    return {"rows": rows, "seconds": time.perf_counter() - started}


def script(seeds: Path = SEEDS_DIR) -> str:
    """The baseline SQL with the seeds folder filled in."""
    return SCRIPT.read_text(encoding="utf-8").replace("{seeds}", str(seeds))


def run_sql(db: Path, seeds: Path = SEEDS_DIR) -> dict[str, float]:
    """The baseline script over the plain-read tables of ``db``."""
    started = time.perf_counter()
    with duckdb.connect(str(db)) as conn:
        conn.execute(script(seeds))
        rows = {t: conn.execute(f"select count(*) from {t}").fetchall()[0][0] for t in MARTS}
    return {"rows": sum(rows.values()), "seconds": time.perf_counter() - started, **rows}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=["ingest", "sql"])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--landing", type=Path)
    args = parser.parse_args(argv)
    if args.step == "ingest":
        if args.landing is None:
            parser.error("ingest needs --landing")
        figures = plain_ingest(args.landing, args.db)
    else:
        figures = run_sql(args.db)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
