"""Procurement (source-to-contract exports): ``,``-delimited CSV with ``"`` quoting,
snake_case header, CRLF line endings, possibly a UTF-8 BOM (the line reader drops it).

Each line is one row. It parses when the whole line is a sequence of fields, each either
unquoted (no ``,`` or ``"``) or quoted with inner quotes doubled; a line with an unclosed
or stray quote is quarantined as broken quoting, as is one with the wrong field count.
Quoted values are unquoted; an empty unquoted field becomes NULL.
"""

from __future__ import annotations

import csv

from ingestion.entities import Entity
from ingestion.layout import Layout, match_columns
from ingestion.text import TextFormat, field_count_sql

_FIELD = '"(?:[^"]|"")*"|[^,"]*'
_ROW = f"(?:{_FIELD})(?:,(?:{_FIELD}))*"


def header_layout(entity: Entity, first_line: str) -> Layout:
    names = next(csv.reader([first_line]), [])
    return match_columns(entity, names)


def _simple_quoted(line: str) -> str:
    # Most quoted lines quote every field and have no "," or '"' inside a value: once the
    # '","' separators are removed, no '"' or "," is left between the outer quotes. Such
    # a line is well quoted and a plain split at "," yields its quoted fields, so the
    # regular expressions are only needed for the rare other quoted lines.
    inner = f"replace({line}[2:-2], '\",\"', '')"
    return f"""(length({line}) >= 2 and starts_with({line}, '"') and ends_with({line}, '"')
        and not contains({inner}, '"') and not contains({inner}, ','))"""


def _plain(line: str) -> str:
    """A line a split at "," parses exactly: no quote at all, or simply quoted."""
    return f"""(not contains({line}, '"') or {_simple_quoted(line)})"""


def _quoted_fields(line: str) -> str:
    # A leading comma lets every field match as ",<field>", so empty fields are not skipped.
    return f"regexp_extract_all(',' || {line}, ',({_FIELD})', 1)"


def _split(line: str) -> str:
    plain = f"string_split({line}, ',')"
    return f"(case when {_plain(line)} then {plain} else {_quoted_fields(line)} end)"


def _well_quoted(line: str) -> str:
    return f"({_plain(line)} or regexp_full_match({line}, '{_ROW}'))"


def check_sql(entity: Entity, line: str, width: str) -> str:
    # Well quoted with the right field count, each test evaluated once (a CASE testing
    # the split and then returning it would split twice).
    return f"""case
        when {_plain(line)} then {field_count_sql(line, ",")} = {width}
        else regexp_full_match({line}, '{_ROW}') and len({_quoted_fields(line)}) = {width}
    end"""


def parse_sql(entity: Entity, line: str, width: str) -> str:
    # Only for lines that passed check_sql.
    return _split(line)


def problem_sql(line: str, width: str) -> str:
    return f"""case
        when {line} is null then 'empty line'
        when not {_well_quoted(line)} then 'broken quoting'
        else 'wrong number of fields: expected ' || {width} || ', found ' || len({_split(line)})
    end"""


def value_sql(fields: str, position: str) -> str:
    value = f"{fields}[{position}]"
    return f"""case
        when starts_with({value}, '"') then replace({value}[2:-2], '""', '"')
        else nullif({value}, '')
    end"""


FORMAT = TextFormat(
    header_layout=header_layout,
    parse_sql=parse_sql,
    problem_sql=problem_sql,
    value_sql=value_sql,
    check_sql=check_sql,
    value_forms={
        "date": (r"[0-9]{4}-[0-9]{2}-[0-9]{2}", "a date YYYY-MM-DD"),
        "number": (r"[-+]?[0-9]+(\.[0-9]*)?", "a number"),
    },
    # Checked once while reading (the regular expressions are costly), parsed in the insert.
    materialize=True,
)
