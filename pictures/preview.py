"""Markdown for the Dagster UI: the first rows of a table, and a PNG as an inline image."""

from __future__ import annotations

import base64
import datetime as dt
from decimal import Decimal

import duckdb

#: rows shown in a mart's preview
PREVIEW_ROWS = 5


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float | Decimal):
        return f"{value:,.2f}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).replace("|", "\\|").replace("\n", " ")


def preview_markdown(
    conn: duckdb.DuckDBPyConnection, relation: str, rows: int = PREVIEW_ROWS
) -> str:
    """The first ``rows`` rows of ``relation`` (in the order of its columns) as a Markdown
    table."""
    cursor = conn.execute(f"select * from {relation} order by all limit {int(rows)}")
    columns = [d[0] for d in cursor.description]
    lines = [
        "| " + " | ".join(columns) + " |",
        "|" + "---|" * len(columns),
        *("| " + " | ".join(_cell(v) for v in row) + " |" for row in cursor.fetchall()),
    ]
    return "\n".join(lines)


def png_markdown(png: bytes, title: str) -> str:
    """A PNG as a Markdown image with a data URI (the Dagster UI renders it inline)."""
    return f"![{title}](data:image/png;base64,{base64.b64encode(png).decode()})"


def row_counts(conn: duckdb.DuckDBPyConnection, relations: list[str]) -> dict[str, int]:
    """``count(*)`` of each relation (tables and views), in one query."""
    if not relations:
        return {}
    sql = " union all ".join(
        f"select {i} as i, count(*) as n from {relation}" for i, relation in enumerate(relations)
    )
    return {relations[i]: int(n) for i, n in conn.execute(sql).fetchall()}
