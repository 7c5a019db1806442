"""Tiny hand-written landing files for ingestion tests (imported by the test modules)."""

from __future__ import annotations

from pathlib import Path

import duckdb

from ingestion.entities import entity

MATERIAL = entity("erp/material")
MATERIAL_HEADER = "MATNR|MAKTX|MTART|MATKL|MEINS|BRGEW|GEWEI|EAN11|LVORM|LAEDA"
CONTRACT_HEADER = (
    "contract_id,contract_item,supplier_id,material_id,valid_from,valid_to,currency,"
    "price_unit,contract_type"
)


def land(landing: Path, qualified: str, day: str, name: str, content: bytes | str) -> Path:
    """Write one landed file at ``<landing>/<system>/<entity>/<day>/<name>``."""
    path = landing / qualified / day / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode()
    path.write_bytes(content)
    return path


def material_row(matnr: str, text: str = "Widget") -> str:
    return f"{matnr}|{text}|FERT|M01|EA|1.500|KG|4006381333931||20250101"


def land_parquet(landing: Path, qualified: str, day: str, name: str, select_sql: str) -> Path:
    """Write a Parquet file from a DuckDB ``select`` (types as the POS exports carry them)."""
    path = landing / qualified / day / name
    path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect() as scratch:
        scratch.execute(f"copy ({select_sql}) to '{path}' (format parquet)")
    return path


def rows(conn: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[tuple]:
    return conn.execute(sql, params or []).fetchall()
