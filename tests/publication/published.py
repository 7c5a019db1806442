"""Helpers of the publication tests: what a role's files hold, and a fingerprint of publish/."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import duckdb


def duckdb_columns(database: Path) -> dict[str, dict[str, list[str]]]:
    """schema → table → columns of every table in a DuckDB file (opened read-only)."""
    conn = duckdb.connect(str(database), read_only=True)
    try:
        rows = conn.execute(
            "select table_schema, table_name, column_name from information_schema.columns "
            "where table_catalog = current_database() order by table_name, ordinal_position"
        ).fetchall()
    finally:
        conn.close()
    found: dict[str, dict[str, list[str]]] = {}
    for schema, table, column in rows:
        found.setdefault(schema, {}).setdefault(table, []).append(column)
    return found


def parquet_columns(folder: Path) -> dict[str, list[str]]:
    """file stem → columns of every Parquet file in a folder."""
    conn = duckdb.connect()
    try:
        return {
            path.stem: [
                row[0]
                for row in conn.execute(
                    "describe select * from read_parquet(?)", [str(path)]
                ).fetchall()
            ]
            for path in sorted(folder.iterdir())
        }
    finally:
        conn.close()


def fingerprint(folder: Path) -> dict[str, str]:
    """Every entry under ``folder``: a symlink's target, a file's SHA-256, a folder's mark."""
    found: dict[str, str] = {}
    for root, dirs, files in os.walk(folder):
        for name in sorted(dirs + files):
            path = Path(root) / name
            relative = str(path.relative_to(folder))
            if path.is_symlink():
                found[relative] = "-> " + os.readlink(path)
            elif path.is_dir():
                found[relative] = "dir"
            else:
                found[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found
