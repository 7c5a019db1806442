"""Load text extracts (CSV and JSON Lines) of one entity: lines in, fields out, in SQL.

Each source system describes its text format as a ``TextFormat`` (SQL snippets: how a line
becomes its list of fields, why a line does not parse, which field is which column). The
loader stages the lines of a group of files (``lines.stage_lines``; a costly parse such as
JSON runs in that same pass), checks each file's columns, then inserts parsed rows into the
raw table and unparseable ones into quarantine with set-based statements. Files are read in
groups of at most ``CHUNK_BYTES`` so the staged lines stay bounded in memory however long
the history.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

import duckdb

from ingestion.batch import (
    FILES,
    Batch,
    FileOutcome,
    insert_quarantine_sql,
    insert_rows_sql,
    insert_values,
    quarantine_parameters,
    register_files,
    row_parameters,
)
from ingestion.entities import Entity
from ingestion.landing import LandedFile
from ingestion.layout import Layout, match_columns
from ingestion.lines import LINES, READER_REJECTS, stage_lines
from ingestion.schema import QUARANTINE, raw_table

#: Upper bound of the bytes of one reader call (several files; a bigger file goes alone).
#: DuckDB splits a scan among threads by row group (122,880 rows): a chunk must hold
#: several per thread, or its statements run on one core. At 64 MB a chunk of TMS
#: shipments (~520 bytes a line) was one row group: the scale-1 year's JSON Lines load
#: took 18.0-18.9 s against 13.3-14.0 s at this size (alternated three times), for
#: ~180 MB more peak memory (docs/performance-notes.md, 2026-12-06).
CHUNK_BYTES = 256 << 20

#: Rows of each file whose values are checked against their declared columns.
FIT_SAMPLE_ROWS = 500


@dataclass(frozen=True)
class TextFormat:
    """How one source system's lines become fields; SQL snippets over the staged lines.

    ``parse_sql(entity, line, width)`` is the list of field values of a line, NULL when the
    line does not parse (``width`` is the field count the file's header announces; NULL
    without a header; with ``check_sql`` it only ever sees lines that pass the check);
    ``problem_sql(line, width)`` says why a line did not parse (only evaluated for those
    lines); ``value_sql(fields, position)`` picks one declared column.
    With ``check_sql(entity, line, width)`` (whether a line parses, cheaper than the parse),
    ``parse_sql`` only runs for lines that pass it, once, in the raw insert: the quarantine
    and the row counts select lines on the check instead of parsing every line again.
    A format with a header checks columns from the file's first line (``header_layout``);
    one without derives them from the parsed rows (``rows_layout``).
    """

    parse_sql: Callable[[Entity, str, str], str]
    problem_sql: Callable[[str, str], str]
    value_sql: Callable[[str, str], str]
    header_layout: Callable[[Entity, str], Layout] | None = None
    rows_layout: Callable[[duckdb.DuckDBPyConnection, Entity], dict[int, Layout]] | None = None
    check_sql: Callable[[Entity, str, str], str] | None = None
    #: How a date and a number look in this system's text (a regular expression for a whole
    #: trimmed value, and its name for messages): the columns an entity declares as
    #: ``dates`` / ``numbers`` are checked against them (``_reject_misfits``).
    value_forms: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: Parse (or, with ``check_sql``, check) once while reading, storing the result (costly
    #: ones, e.g. JSON), instead of in a view that re-runs at each use (cheap ones, e.g. a
    #: split at "|": less memory, less copying).
    materialize: bool = False

    @property
    def header(self) -> bool:
        return self.header_layout is not None


def field_count_sql(line: str, delimiter: str) -> str:
    """The fields of a line split at a one-byte ``delimiter``, counted without splitting:
    one more than the delimiters."""
    return f"strlen({line}) - strlen(replace({line}, '{delimiter}', '')) + 1"


#: Temp objects of a chunk: the view of staged lines with their parsed fields (NULL when
#: a line does not parse) and ``ok`` (it parses), the view of the lines that parse only
#: (what the raw insert reads), and the column positions of each accepted file.
PARSED = "_ingest_parsed"
_ROWS = "_ingest_rows"
_LAYOUTS = "_ingest_layouts"


def load_text(
    conn: duckdb.DuckDBPyConnection, batch: Batch, files: Sequence[LandedFile], fmt: TextFormat
) -> list[FileOutcome]:
    """Load text files into the entity's raw table and unparseable lines into quarantine."""
    outcomes = [FileOutcome() for _ in files]
    layouts = _header_layouts(batch.entity, files, fmt, outcomes) if fmt.header else {}
    readable = [i for i, outcome in enumerate(outcomes) if outcome.problem is None]
    for chunk in _chunks(readable, files):
        _load_chunk(conn, batch, files, chunk, fmt, layouts, outcomes)
    return outcomes


def _chunks(indexes: list[int], files: Sequence[LandedFile]) -> Iterator[list[int]]:
    chunk: list[int] = []
    size = 0
    for i in indexes:
        if chunk and size + files[i].size > CHUNK_BYTES:
            yield chunk
            chunk, size = [], 0
        chunk.append(i)
        size += files[i].size
    if chunk:
        yield chunk


def _load_chunk(
    conn: duckdb.DuckDBPyConnection,
    batch: Batch,
    files: Sequence[LandedFile],
    readable: list[int],
    fmt: TextFormat,
    layouts: dict[int, Layout],
    outcomes: list[FileOutcome],
) -> None:
    """Stage, parse, check and insert one group of files (file_id = position in ``readable``)."""
    entity = batch.entity
    register_files(conn, [files[i] for i in readable])
    _stage_layouts(conn, entity, {k: layouts[i] for k, i in enumerate(readable) if i in layouts})
    widths = [layouts[i].width if i in layouts else None for i in readable]
    _stage_parsed(conn, entity, fmt, [files[i] for i in readable], widths)
    if fmt.rows_layout is not None:
        found = fmt.rows_layout(conn, entity)
        layouts = {readable[k]: layout for k, layout in found.items()}
    accepted = {}
    for k, i in enumerate(readable):
        # A file without a header or a single parseable row has no columns to judge.
        layout = layouts.get(i) or match_columns(entity, entity.columns)
        outcomes[i].extra = layout.extra
        outcomes[i].problem = layout.problem
        if layout.problem is None:
            accepted[k] = layout
    _stage_layouts(conn, entity, accepted)
    _insert(
        conn,
        batch,
        fmt,
        [files[i].source_file for i in readable],
        [outcomes[i] for i in readable],
    )


def _header_layouts(
    entity: Entity, files: Sequence[LandedFile], fmt: TextFormat, outcomes: list[FileOutcome]
) -> dict[int, Layout]:
    assert fmt.header_layout is not None
    layouts = {}
    for i, file in enumerate(files):
        if file.size == 0:
            outcomes[i].problem = "empty file: no header row"
            continue
        try:
            first_line = file.first_line.decode("utf-8-sig")
        except UnicodeDecodeError:
            outcomes[i].problem = "header row is not valid UTF-8"
            continue
        layouts[i] = fmt.header_layout(entity, first_line)
    return layouts


def _stage_layouts(
    conn: duckdb.DuckDBPyConnection, entity: Entity, layouts: dict[int, Layout]
) -> None:
    positions = [f"p{n}" for n in range(1, len(entity.columns) + 1)]
    conn.execute(
        f"create or replace temp table {_LAYOUTS} (file_id bigint, width integer, "
        + ", ".join(f"{p} integer" for p in positions)
        + ")"
    )
    insert_values(
        conn, _LAYOUTS, [(k, layout.width, *layout.positions) for k, layout in layouts.items()]
    )


def _stage_parsed(
    conn: duckdb.DuckDBPyConnection,
    entity: Entity,
    fmt: TextFormat,
    files: list[LandedFile],
    widths: list[int | None],
) -> None:
    """Read the lines and expose them parsed as the view ``PARSED`` (the lines that parse
    as ``_ROWS``).

    With a check, the view parses only the lines that pass it; a costly check (``materialize``)
    runs once while reading and is stored, a cheap one stays in the view. Without a check,
    a costly parse runs once while reading; a cheap one is left in the view and re-runs at
    each use, which costs less than storing the parsed fields.
    """
    paths = [f.path for f in files]
    screened = {
        k: {line: (text, reason) for line, text, reason in f.screened}
        for k, f in enumerate(files)
        if f.screened
    }
    layouts = f"left join {_LAYOUTS} as y on r.file_id = y.file_id"
    # While reading, a file's width comes from a list constant (file_id = position), not a
    # join, which would not keep the reader's order (see lines._READ_LINES).
    width = "$widths[r.file_id + 1]"

    def stage(projection: str = "") -> None:
        used = {"widths": widths} if width in projection else {}
        stage_lines(
            conn,
            paths,
            header=fmt.header,
            projection=projection,
            parameters=used,
            screened=screened,
        )

    rows = f"select * from {PARSED} where ok"
    if fmt.check_sql is not None:
        # A NULL check (an empty line) means the line does not parse.
        if fmt.materialize:
            check = f"coalesce({fmt.check_sql(entity, 'r.line', width)}, false)"
            stage(f", {check} as ok")
            checked = f"select r.*, y.width from {LINES} as r {layouts}"
        else:
            check = f"coalesce({fmt.check_sql(entity, 'r.line', 'y.width')}, false)"
            stage()
            checked = f"select r.*, y.width, {check} as ok from {LINES} as r {layouts}"
        # CASE evaluates the parse for the lines that passed the check only.
        parse = fmt.parse_sql(entity, "c.line", "c.width")
        select = f"select c.*, case when c.ok then {parse} end as fields from ({checked}) as c"
        # For the insert, a WHERE instead (the select list only sees the rows it keeps):
        # filtering ``PARSED`` on ``ok`` would evaluate the check twice, once in the pushed
        # down filter and again for the CASE.
        rows = f"select c.*, {parse} as fields from ({checked}) as c where c.ok"
    elif fmt.materialize:
        parse = fmt.parse_sql(entity, "r.line", width)
        stage(f", {parse} as fields")
        select = f"select *, fields is not null as ok from {LINES}"
    else:
        parse = fmt.parse_sql(entity, "r.line", "y.width")
        stage()
        select = f"""select *, fields is not null as ok
            from (select r.*, {parse} as fields from {LINES} as r {layouts})"""
    conn.execute(f"create or replace temp view {PARSED} as {select}")
    conn.execute(f"create or replace temp view {_ROWS} as {rows}")


def _insert(
    conn: duckdb.DuckDBPyConnection,
    batch: Batch,
    fmt: TextFormat,
    source_files: list[str],
    outcomes: list[FileOutcome],
) -> None:
    """Insert the parsed lines into the raw table and the others into quarantine; set each
    file's rows read (``outcomes`` and ``source_files`` are indexed by file_id)."""
    entity = batch.entity
    parsed = f"""
from {_ROWS} as p
inner join {_LAYOUTS} as y on p.file_id = y.file_id
inner join {FILES} as f on p.file_id = f.file_id
"""
    values = [fmt.value_sql("p.fields", f"y.p{n}") for n in range(1, len(entity.columns) + 1)]
    (inserted,) = conn.execute(
        insert_rows_sql(batch, values, parsed, "p.row_number"),
        row_parameters(batch),
    ).fetchone() or (0,)
    staged = _counts(conn, f"select file_id, count(*) from {LINES} group by file_id")
    accepted = [k for k, outcome in enumerate(outcomes) if outcome.problem is None]
    # A line yields at most one row, so when the chunk's accepted files loaded as many rows
    # as they have lines, each file did: the per-file count of the rows just loaded (a scan
    # of the raw table) is only needed when some line did not parse.
    if inserted == sum(staged.get(k, 0) for k in accepted):
        loaded = {source_files[k]: staged.get(k, 0) for k in accepted}
    else:
        loaded = _counts(
            conn,
            f"select _source_file, count(*) from {raw_table(entity)} "
            f"where _load_id = $load_id and _source_file in (select source_file from {FILES}) "
            "group by _source_file",
            {"load_id": batch.load_id},
        )
    # Only a file that did not load every line can have lines that do not parse: the search
    # for them (for a cheap format, a second parse of every line) skips the others.
    short = [k for k in accepted if staged.get(k, 0) > loaded.get(source_files[k], 0)]
    if short:
        bad_lines = f"""
from (
    select
        p.file_id,
        p.row_number,
        p.line as raw_text,
        {fmt.problem_sql("p.line", "y.width")} as reason,
    from {PARSED} as p
    inner join {_LAYOUTS} as y on p.file_id = y.file_id
    where not p.ok and p.file_id in ({", ".join(map(str, sorted(short)))})
) as q
inner join {FILES} as f on q.file_id = f.file_id
"""
        conn.execute(insert_quarantine_sql(bad_lines), quarantine_parameters(batch))
    refused = f"""
from {READER_REJECTS} as r
inner join {_LAYOUTS} as y on r.file_id = y.file_id
inner join {FILES} as f on r.file_id = f.file_id
"""
    conn.execute(insert_quarantine_sql(refused), quarantine_parameters(batch))
    # A file's data rows: the lines returned plus the lines the reader refused.
    refused_lines = _counts(
        conn, f"select file_id, count(*) from {READER_REJECTS} group by file_id"
    )
    for k, outcome in enumerate(outcomes):
        outcome.rows_read = staged.get(k, 0) + refused_lines.get(k, 0)
    checks = _fit_checks(entity, fmt)
    if checks:
        fits = {
            row[0]: row[1:]
            for row in conn.execute(
                f"select _source_file{_fit_counts_sql(checks)} from {raw_table(entity)} "
                f"where _load_id = $load_id and _row_number <= $sample "
                f"and _source_file in (select source_file from {FILES}) group by _source_file",
                {"load_id": batch.load_id, "sample": FIT_SAMPLE_ROWS},
            ).fetchall()
        }
        _reject_misfits(conn, batch, checks, fits, source_files, outcomes)


def _fit_checks(entity: Entity, fmt: TextFormat) -> list[tuple[str, str, str]]:
    """(column, pattern, what it should be) of each column declared as a date or number."""
    return [
        (column, *fmt.value_forms[kind])
        for column, kind in entity.value_kinds.items()
        if kind in fmt.value_forms
    ]


def _fit_counts_sql(checks: list[tuple[str, str, str]]) -> str:
    """Per check: the non-empty values and those not fitting (of the rows selected)."""
    return "".join(
        f""",
        count("{column}"),
        count_if(not regexp_full_match(trim("{column}"), '{pattern}'))"""
        for column, pattern, _ in checks
    )


def _reject_misfits(
    conn: duckdb.DuckDBPyConnection,
    batch: Batch,
    checks: list[tuple[str, str, str]],
    fits: dict[str, tuple[int, ...]],
    source_files: list[str],
    outcomes: list[FileOutcome],
) -> None:
    """Reject the files of the chunk whose values do not fit their declared columns.

    ``fits`` holds, per file, counted in the pass over the rows just loaded (the first
    ``FIT_SAMPLE_ROWS`` of each file: a header is wrong for every row, so they tell as well
    as all would) for each column declared as a date or number: the non-empty values and
    those that do not look like one. A column where most values do not (e.g. two header
    names swapped) means the file's columns cannot be trusted: its rows are taken out again
    and the file is rejected with a reason naming the columns.
    """
    entity = batch.entity
    index = {name: k for k, name in enumerate(source_files)}
    for source_file, values in fits.items():
        misfits = [
            f"{column} ({bad} of {present} values not {form})"
            for (column, _, form), present, bad in zip(
                checks, values[0::2], values[1::2], strict=True
            )
            if present and 2 * bad > present
        ]
        if not misfits:
            continue
        conn.execute(
            f"delete from {raw_table(entity)} where _source_file = ? and _load_id = ?",
            [source_file, batch.load_id],
        )
        conn.execute(
            f"delete from {QUARANTINE} where source_file = ? and load_id = ?",
            [source_file, batch.load_id],
        )
        outcomes[index[source_file]].problem = (
            "values do not fit their declared columns (header names swapped?): "
            + ", ".join(misfits)
        )


def _counts(
    conn: duckdb.DuckDBPyConnection, sql: str, parameters: dict[str, object] | None = None
) -> dict:
    return dict(conn.execute(sql, parameters).fetchall())
