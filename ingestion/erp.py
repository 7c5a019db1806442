"""ERP (SAP table exports): ``|``-delimited, no quoting, SAP upper-case header, UTF-8, LF.

Without quoting a row is simply its line split at ``|``; a row whose field count differs
from its file's header is quarantined. Values stay text exactly as exported (padded ids,
trailing minus signs, ``YYYYMMDD``); an empty field becomes NULL.
"""

from __future__ import annotations

from ingestion.entities import Entity
from ingestion.layout import Layout, match_columns
from ingestion.text import TextFormat, field_count_sql

DELIMITER = "|"


def header_layout(entity: Entity, first_line: str) -> Layout:
    return match_columns(entity, first_line.split(DELIMITER))


def check_sql(entity: Entity, line: str, width: str) -> str:
    return f"{field_count_sql(line, DELIMITER)} = {width}"


def parse_sql(entity: Entity, line: str, width: str) -> str:
    # Only for lines that passed check_sql: split once (a split inside a CASE testing its
    # length would be evaluated twice, DuckDB does not share subexpressions across CASE).
    return f"string_split({line}, '{DELIMITER}')"


def problem_sql(line: str, width: str) -> str:
    fields = f"string_split({line}, '{DELIMITER}')"
    return f"""case
        when {line} is null then 'empty line'
        else 'wrong number of fields: expected ' || {width} || ', found ' || len({fields})
    end"""


def value_sql(fields: str, position: str) -> str:
    return f"nullif({fields}[{position}], '')"


FORMAT = TextFormat(
    header_layout=header_layout,
    parse_sql=parse_sql,
    check_sql=check_sql,
    problem_sql=problem_sql,
    value_sql=value_sql,
    value_forms={
        "date": (r"[0-9]{8}", "a date YYYYMMDD"),
        "number": (r"-?[0-9]+(\.[0-9]*)?-?", "a number"),  # SAP: trailing minus sign
    },
)
