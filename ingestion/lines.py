"""Read text extracts (CSV and JSON Lines) as numbered lines with DuckDB's CSV reader.

All files of one entity are read in ONE ``read_csv`` call as a single VARCHAR column (NUL as
the delimiter, no quoting), ``with ordinality`` giving each line its position. Fields are
parsed in SQL (``erp``, ``procurement``, ``tms``), so a broken quote can never swallow the
lines after it, and every physical line is exactly one row.

Lines the reader itself refuses (invalid UTF-8, a NUL byte) land in its rejects table with
their line number; they are quarantined, and the row numbers of the lines after them are
shifted back into place so ``_row_number`` is always the row's position in the file.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import duckdb

from ingestion.batch import insert_values

#: What this module leaves for the loader (all temp objects are named ``_ingest_*``):
#: the view of numbered data lines (file_id, row_number, line and any extra projection)
#: and the table of lines the reader refused (file_id, row_number, raw_text, reason).
LINES = "_ingest_lines"
READER_REJECTS = "_ingest_reader_rejects"

_READ = "_ingest_read"  # file_id, ordinal, line (+ projection): one materialisation
_FIRSTS = "_ingest_firsts"
_GAPS = "_ingest_gaps"
_ERRORS = "_ingest_reject_errors"
_SCANS = "_ingest_reject_scans"

# No ``with ordinality``: it numbers the lines in a streaming window, one thread for the
# whole read. The table keeps the reader's order (insertion order is preserved), so a
# line's ``rowid`` + 1 is its ordinal, and the read and the projection run in parallel.
_READ_LINES = f"""
create or replace temp table {_READ} as
select r.*{{projection}}
from (
    select
        cast(file_index as bigint) as file_id,
        line,
    from read_csv(
        $files,
        columns = {{{{'line': 'VARCHAR'}}}},
        header = false,
        delim = '\x00',
        quote = '',
        escape = '',
        auto_detect = false,
        strict_mode = true,
        store_rejects = true,
        rejects_table = '{_ERRORS}',
        rejects_scan = '{_SCANS}'
    )
) as r
"""

# The first ordinal of each file; taken before gaps are closed (see below).
_FIRST_ORDINALS = f"""
create or replace temp table {_FIRSTS} as
select file_id, min(rowid) + 1 as first_ordinal from {_READ} group by file_id
"""

# A refused line leaves a gap: the k-th returned line sits at physical line
# k + #{refused lines r_j with r_j - j < k} (r_j - j = lines returned before r_j). Shifting
# the ordinals of the (rare) files with gaps keeps ordinal - first ordinal + 1 physical;
# only then does the table get an ordinal column of its own.
_CLOSE_GAPS = (
    f"alter table {_READ} add column ordinal bigint",
    f"update {_READ} set ordinal = rowid + 1",
    f"""
update {_READ}
set ordinal = ordinal + (
    select count(*) from {_GAPS} as g, {_FIRSTS} as f
    where g.file_id = {_READ}.file_id and f.file_id = {_READ}.file_id
        and g.returned_before < {_READ}.ordinal - f.first_ordinal + 1
)
where file_id in (select file_id from {_GAPS})
""",
)

# Data row = physical line, minus the header line when there is one.
_NUMBERED_VIEW = f"""
create or replace temp view {LINES} as
select r.*{{exclude}}, {{ordinal}} - f.first_ordinal + 1 - {{offset}} as row_number,
from {_READ} as r
inner join {_FIRSTS} as f on r.file_id = f.file_id
where {{ordinal}} - f.first_ordinal + 1 > {{offset}}
"""


def stage_lines(
    conn: duckdb.DuckDBPyConnection,
    files: Sequence[Path],
    *,
    header: bool,
    projection: str = "",
    parameters: Mapping[str, object] | None = None,
    screened: Mapping[int, Mapping[int, tuple[str, str]]] | None = None,
) -> None:
    """Read ``files`` (file_id = position in the list) into this module's temp objects.

    ``row_number`` is the 1-based data row: the physical line, minus one when the file
    starts with a header line (left out here; the caller checked it beforehand).
    ``projection`` (``, <expr> as <name>`` over ``r.line`` and ``r.file_id``, with
    ``parameters`` for its ``$names``) adds columns computed in the same pass as the read,
    so a costly parse is done once, while the lines are read. ``screened`` (file_id ->
    physical line -> (raw text, reason)) names the lines ``screen`` blanked out of a copy
    of the file: their raw text and reason replace what the reader reports for them.
    """
    paths = [str(p) for p in files]
    offset = 1 if header else 0
    conn.execute(f"drop view if exists {LINES}")
    for table in (_ERRORS, _SCANS):
        conn.execute(f"drop table if exists {table}")
    conn.execute(_READ_LINES.format(projection=projection), {"files": paths, **(parameters or {})})
    conn.execute(_FIRST_ORDINALS)
    conn.execute(f"create or replace temp table {_GAPS} (file_id bigint, returned_before bigint)")
    conn.execute(
        f"create or replace temp table {READER_REJECTS} "
        "(file_id bigint, row_number bigint, raw_text varchar, reason varchar)"
    )
    rejects = _reader_rejects(conn, paths)
    numbering = {"exclude": "", "ordinal": "r.rowid + 1"}
    if rejects:
        _record_rejects(conn, files, rejects, offset, screened or {})
        for statement in _CLOSE_GAPS:
            conn.execute(statement)
        numbering = {"exclude": " exclude (ordinal)", "ordinal": "r.ordinal"}
    conn.execute(_NUMBERED_VIEW.format(offset=offset, **numbering))


def _reader_rejects(
    conn: duckdb.DuckDBPyConnection, paths: list[str]
) -> list[tuple[int, int, str]]:
    """(file_id, physical line, reason) of every line the reader refused."""
    index = {p: i for i, p in enumerate(paths)}
    rows = conn.execute(
        f"""
        select s.file_path, e.line, e.error_type, e.error_message
        from {_ERRORS} as e
        inner join {_SCANS} as s on e.scan_id = s.scan_id and e.file_id = s.file_id
        order by all
        """
    ).fetchall()
    return [(index[path], int(line), _reason(kind, message)) for path, line, kind, message in rows]


def _reason(kind: str, message: str) -> str:
    if kind == "INVALID ENCODING":
        return "undecodable bytes: not valid UTF-8"
    if kind == "TOO MANY COLUMNS":  # only a NUL byte splits a line into two columns
        return "NUL byte in line"
    return f"unreadable line: {kind.lower()}: {message.splitlines()[0]}"


def _record_rejects(
    conn: duckdb.DuckDBPyConnection,
    files: Sequence[Path],
    rejects: list[tuple[int, int, str]],
    offset: int,
    screened: Mapping[int, Mapping[int, tuple[str, str]]],
) -> None:
    by_file: dict[int, dict[int, str]] = {}
    for file_id, line, reason in rejects:
        by_file.setdefault(file_id, {})[line] = reason
    rows = []
    gaps = []
    for file_id, reasons in by_file.items():
        texts = _raw_lines(files[file_id], set(reasons))
        known = screened.get(file_id, {})
        for j, line in enumerate(sorted(reasons), start=1):
            text, reason = known.get(line, (texts.get(line), reasons[line]))
            rows.append((file_id, line - offset, text, reason))
            gaps.append((file_id, line - j))
    insert_values(conn, READER_REJECTS, rows)
    insert_values(conn, _GAPS, gaps)


def _raw_lines(path: Path, wanted: set[int]) -> dict[int, str]:
    """The given physical lines of a file as text, undecodable bytes backslash-escaped.

    Only called for the rare files with reader rejects; streams the file line by line.
    """
    found: dict[int, str] = {}
    last = max(wanted)
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if number in wanted:
                text = raw.rstrip(b"\r\n")
                if number == 1:
                    text = text.removeprefix(b"\xef\xbb\xbf")
                found[number] = text.decode("utf-8", errors="backslashreplace")
            if number >= last:
                break
    return found


#: What a blanked-out line becomes in a screened copy: text around a NUL byte, which the
#: reader refuses line by line (like any line with a NUL inside), so the line keeps its
#: place and number. (A lone NUL byte would be read as an empty line.)
_BLANKED = b"-\x00-"


def screen(path: Path, copy: Path, *, header: bool) -> tuple[tuple[int, str, str], ...]:
    """The line path for a file the reader cannot read at all (a bare CR inside a row
    stops DuckDB's strict CSV reader whatever the other lines): find, line by line, the
    lines with a NUL byte, a bare CR or bytes that are not UTF-8, and write ``copy`` with
    each of them replaced by ``_BLANKED`` (its line ending kept).

    Returns (physical line, raw text, reason) of each such line; empty when there is none
    or when the header line is one (then the file cannot be read by row at all) and then
    writes no copy.
    """
    pieces = path.read_bytes().split(b"\n")
    found = []
    for number, piece in enumerate(pieces, start=1):
        body = piece[:-1] if piece.endswith(b"\r") else piece
        if number == 1:
            body = body.removeprefix(b"\xef\xbb\xbf")
        reason = _line_problem(body)
        if reason is None:
            continue
        if number == 1 and header:
            return ()
        found.append((number, body.decode("utf-8", errors="backslashreplace"), reason))
        pieces[number - 1] = _BLANKED + (b"\r" if piece.endswith(b"\r") else b"")
    if found:
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_bytes(b"\n".join(pieces))
    return tuple(found)


def _line_problem(body: bytes) -> str | None:
    if b"\x00" in body:
        return "NUL byte in line"
    if b"\r" in body:
        return "bare CR in line"
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return "undecodable bytes: not valid UTF-8"
    return None
