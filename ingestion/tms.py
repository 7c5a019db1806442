"""TMS (transport management API dumps): JSON Lines, one object per line, UTF-8.

Lines are parsed with DuckDB's JSON functions: a line that is not valid JSON, or not an
object, is quarantined. Declared keys are extracted as text; nested objects and arrays
(``weight``, ``deliveries``, ``modes``) keep their JSON text. A key no row of a file
carries is a missing column (the file is rejected); keys the entity does not declare are
ignored and reported.
"""

from __future__ import annotations

import duckdb

from ingestion.entities import Entity
from ingestion.layout import Layout
from ingestion.text import PARSED, TextFormat


def check_sql(entity: Entity, line: str, width: str) -> str:
    # A valid JSON text that starts with "{" is an object; ltrim (a copy of the line) only
    # for the rare line that does not start with "{" right away.
    return f"""(json_valid({line})
        and (starts_with({line}, '{{') or starts_with(ltrim({line}), '{{')))"""


def parse_sql(entity: Entity, line: str, width: str) -> str:
    # One extracting parse, only for lines that passed check_sql (json_extract_string
    # raises on invalid JSON).
    paths = ", ".join(f"'$.\"{c}\"'" for c in entity.fields)
    return f"json_extract_string({line}, [{paths}])"


def problem_sql(line: str, width: str) -> str:
    return f"""case
        when {line} is null or trim({line}) = '' then 'empty line'
        when not json_valid({line}) then 'invalid JSON'
        else 'not a JSON object'
    end"""


def value_sql(fields: str, position: str) -> str:
    return f"{fields}[{position}]"


def rows_layout(conn: duckdb.DuckDBPyConnection, entity: Entity) -> dict[int, Layout]:
    """Per file: the union of the keys of its objects, matched against the declared fields.

    Rows are grouped by the hash of their key list, so only the few distinct key lists of
    a file travel to Python, not one list per row.
    """
    rows = conn.execute(
        f"""
        select file_id, any_value(keys)
        from (select file_id, json_keys(line) as keys from {PARSED} where ok)
        group by file_id, hash(keys)
        """
    ).fetchall()
    found: dict[int, set[str]] = {}
    for file_id, keys in rows:
        found.setdefault(file_id, set()).update(keys)
    return {file_id: _layout(entity, keys) for file_id, keys in found.items()}


def _layout(entity: Entity, keys: set[str]) -> Layout:
    # JSON keys match exactly (parse_sql extracts the declared names); positions index the
    # extraction list of parse_sql.
    declared = entity.fields
    return Layout(
        positions=tuple(range(1, len(declared) + 1)),
        width=len(declared),
        extra=tuple(sorted(k for k in keys if k not in declared)),
        missing=tuple(c for c in declared if c not in keys),
    )


FORMAT = TextFormat(
    parse_sql=parse_sql,
    problem_sql=problem_sql,
    value_sql=value_sql,
    rows_layout=rows_layout,
    check_sql=check_sql,
    materialize=True,
)
