"""Load landed files into the raw layer: ledger, accounting and one transaction per entity.

``load_entity`` fingerprints an entity's files, skips those the ledger already holds for
that extract date (same bytes under any name), hands the rest to the source system's
reader (all in one batched read; only when that read fails are the files split in halves
down to the ones that fail, which are rejected whole with the reader's reason, so one
corrupted file never stops the others), checks per file that rows read = rows loaded +
rows quarantined against what actually landed in the tables, and records the ledger
entries and file rejections, all in ONE transaction: a load killed at any point leaves
neither rows nor ledger entries.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb

from ingestion import erp, iot, oracle, pos, procurement, tms
from ingestion.batch import Batch, FileOutcome, drop_staging, insert_values
from ingestion.entities import BY_NAME, ENTITIES, Entity
from ingestion.landing import LandedFile, LandingError, discover, inspect
from ingestion.lines import screen
from ingestion.schema import LEDGER, QUARANTINE, REJECTIONS, ensure_raw_schema, raw_table
from ingestion.text import load_text

Reader = Callable[[duckdb.DuckDBPyConnection, Batch, Sequence[LandedFile]], list[FileOutcome]]

READERS: dict[str, Reader] = {
    "erp": lambda conn, batch, files: load_text(conn, batch, files, erp.FORMAT),
    "procurement": lambda conn, batch, files: load_text(conn, batch, files, procurement.FORMAT),
    "tms": lambda conn, batch, files: load_text(conn, batch, files, tms.FORMAT),
    "pos": pos.load,
    "oracle": lambda conn, batch, files: load_text(conn, batch, files, oracle.FORMAT),
    "iot": lambda conn, batch, files: load_text(conn, batch, files, iot.FORMAT),
}


class IngestionError(RuntimeError):
    """An entity could not be loaded; nothing of it was committed (one-line message)."""


class AccountingError(IngestionError):
    """Rows read did not equal rows loaded + rows quarantined for a file (nothing committed)."""


@dataclass
class LoadResult:
    """What one ``load_entity`` call did; ``errors`` are one-line messages naming the file."""

    entity: str
    files_seen: int = 0
    files_loaded: int = 0
    files_skipped: int = 0  # already in the ledger (same entity, extract date and bytes)
    files_rejected: int = 0
    rows_read: int = 0  # of the files loaded
    rows_loaded: int = 0
    rows_quarantined: int = 0
    extra_columns: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    extract_dates: list[date] = field(default_factory=list)  # dates with files in this call
    #: the same figures for each extract date of this call (a file belongs to one date)
    by_date: dict[date, LoadResult] = field(default_factory=dict)

    def on(self, day: date | None) -> list[LoadResult]:
        """This result and, for a dated file, its date's: the results a file's figures add to."""
        if day is None:
            return [self]
        if day not in self.by_date:
            self.by_date[day] = LoadResult(self.entity, extract_dates=[day])
        return [self, self.by_date[day]]


@dataclass(frozen=True)
class _Rejection:
    extract_date: date | None
    source_file: str
    content_hash: str | None
    reason: str


def new_load_id() -> str:
    """A load id that sorts by time: ``20250101T120000Z-1a2b3c4d``."""
    return f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"


def load_entity(
    conn: duckdb.DuckDBPyConnection,
    entity: Entity,
    files_by_date: Mapping[date, Sequence[Path]],
    *,
    load_id: str,
) -> LoadResult:
    """Load one entity's files (all dates at once) in one transaction."""
    ensure_raw_schema(conn)
    batch = Batch(entity, load_id, datetime.now(UTC).replace(tzinfo=None))
    result = LoadResult(entity.qualified, extract_dates=sorted(files_by_date))
    for day in result.extract_dates:
        result.on(day)
    # Hashing is most of the Python time of a load; hashlib releases the GIL, so threads
    # hash files side by side.
    to_inspect = [
        (Path(path), extract_date)
        for extract_date in sorted(files_by_date)
        for path in sorted(files_by_date[extract_date])
    ]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        landed = list(pool.map(lambda item: inspect(*item), to_inspect))
    for file in landed:
        for counts in result.on(file.extract_date):
            counts.files_seen += 1
    rejections = [
        _Rejection(f.extract_date, f.source_file, None, f.error) for f in landed if f.error
    ]
    new_files = _new_files(conn, entity, [f for f in landed if not f.error], result)
    scratch = Path(tempfile.mkdtemp(prefix="chainseg-ingest-"))
    conn.execute("begin transaction")
    try:
        new_files, outcomes, unreadable = _read(conn, batch, new_files, scratch)
        rejections += unreadable
        loaded = [(f, o) for f, o in zip(new_files, outcomes, strict=True) if o.problem is None]
        rejections += [
            _Rejection(f.extract_date, f.source_file, f.content_hash, o.problem)
            for f, o in zip(new_files, outcomes, strict=True)
            if o.problem is not None
        ]
        _check_and_record(conn, batch, loaded, result)
        _record_rejections(conn, entity.qualified, load_id, batch.loaded_at, rejections)
        drop_staging(conn)
        conn.execute("commit")
    except duckdb.Error as exc:
        conn.execute("rollback")
        raise IngestionError(f"{entity.qualified}: {_first_line(exc)}") from exc
    except BaseException:
        conn.execute("rollback")
        raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    _count_rejections(result, rejections)
    extra: dict[date | None, set[str]] = {}
    for file, outcome in loaded:  # one pass: a year of dates times its files adds up
        extra.setdefault(file.extract_date, set()).update(outcome.extra)
    result.extra_columns = sorted(set().union(*extra.values()))
    for day, counts in result.by_date.items():
        counts.extra_columns = sorted(extra.get(day, ()))
    return result


def _count_rejections(result: LoadResult, rejections: Sequence[_Rejection]) -> None:
    for r in rejections:
        for counts in result.on(r.extract_date):
            counts.files_rejected += 1
            counts.errors.append(f"{r.source_file}: {r.reason}")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _read(
    conn: duckdb.DuckDBPyConnection, batch: Batch, files: list[LandedFile], scratch: Path
) -> tuple[list[LandedFile], list[FileOutcome], list[_Rejection]]:
    """Read ``files`` in the open transaction: the files read, their outcomes and the files
    rejected as unreadable.

    The fast path is one batched read. When it fails, the transaction is rolled back, the
    failing files are found by bisection (``_isolate``, trial reads rolled back on a cursor
    of their own) and the batch is read again without them in a new transaction.
    """
    if not files:
        return [], [], []
    reader = READERS[batch.entity.system]
    try:
        return files, reader(conn, batch, files), []
    except duckdb.Error as exc:
        conn.execute("rollback")
        try:
            readable, unreadable = _isolate(conn, batch, files, _first_line(exc), scratch)
        finally:
            conn.execute("begin transaction")
    return readable, reader(conn, batch, readable) if readable else [], unreadable


def _isolate(
    conn: duckdb.DuckDBPyConnection,
    batch: Batch,
    files: list[LandedFile],
    message: str,
    scratch: Path,
) -> tuple[list[LandedFile], list[_Rejection]]:
    """Split a batch whose read failed with ``message`` down to the files that fail.

    A text file that fails alone gets the line path (``lines.screen``): the lines the reader
    cannot take (NUL byte, bare CR, not UTF-8) are blanked out of a copy so they are
    quarantined by row; when that copy does not read either, or there is no such line, the
    file is rejected whole with the reader's message. Returns the readable files (a
    screened copy in place of its original) in their order and the rejections.
    """
    reader = READERS[batch.entity.system]
    probe = conn.cursor()

    def failure(subset: list[LandedFile]) -> str | None:
        probe.execute("begin transaction")
        try:
            reader(probe, batch, subset)
        except duckdb.Error as exc:
            return _first_line(exc)
        finally:
            probe.execute("rollback")
        return None

    readable: dict[int, LandedFile] = {}
    rejected: list[_Rejection] = []

    def split(indexes: list[int], reason: str) -> None:
        if len(indexes) == 1:
            file = files[indexes[0]]
            copy = _screened_copy(batch, file, scratch)
            if copy is not None and failure([copy]) is None:
                readable[indexes[0]] = copy
            else:
                rejected.append(
                    _Rejection(
                        file.extract_date,
                        file.source_file,
                        file.content_hash,
                        f"unreadable file: {reason}",
                    )
                )
            return
        half = len(indexes) // 2
        for part in (indexes[:half], indexes[half:]):
            part_reason = failure([files[i] for i in part])
            if part_reason is None:
                readable.update((i, files[i]) for i in part)
            else:
                split(part, part_reason)

    try:
        split(list(range(len(files))), message)
    finally:
        probe.close()
    return [readable[i] for i in sorted(readable)], rejected


def _screened_copy(batch: Batch, file: LandedFile, scratch: Path) -> LandedFile | None:
    """A copy of a text file with its unreadable lines blanked out, or None (see _isolate)."""
    if batch.entity.format == "parquet":
        return None
    copy = scratch.joinpath(*file.path.parts[-4:])
    found = screen(file.path, copy, header=batch.entity.format != "jsonl")
    return dataclasses.replace(file, path=copy, screened=found) if found else None


def _new_files(
    conn: duckdb.DuckDBPyConnection, entity: Entity, files: list[LandedFile], result: LoadResult
) -> list[LandedFile]:
    """Files whose bytes the ledger does not hold for their extract date (first name wins)."""
    known = set(
        conn.execute(
            f"select extract_date, content_hash from {LEDGER} where entity = ?",
            [entity.qualified],
        ).fetchall()
    )
    new = []
    for file in files:
        key = (file.extract_date, file.content_hash)
        if key in known:
            for counts in result.on(file.extract_date):
                counts.files_skipped += 1
            continue
        known.add(key)
        new.append(file)
    return new


def _check_and_record(
    conn: duckdb.DuckDBPyConnection,
    batch: Batch,
    loaded: list[tuple[LandedFile, FileOutcome]],
    result: LoadResult,
) -> None:
    """Count what actually landed per file, check the balance, write the ledger entries."""
    in_raw = dict(
        conn.execute(
            f"select _source_file, count(*) from {raw_table(batch.entity)} "
            "where _load_id = ? group by all",
            [batch.load_id],
        ).fetchall()
    )
    in_quarantine = dict(
        conn.execute(
            f"select source_file, count(*) from {QUARANTINE} "
            "where load_id = ? and entity = ? group by all",
            [batch.load_id, batch.entity.qualified],
        ).fetchall()
    )
    entries = []
    for file, outcome in loaded:
        rows_loaded = in_raw.get(file.source_file, 0)
        rows_quarantined = in_quarantine.get(file.source_file, 0)
        if outcome.rows_read != rows_loaded + rows_quarantined:
            raise AccountingError(
                f"{file.source_file}: rows read {outcome.rows_read} != loaded {rows_loaded}"
                f" + quarantined {rows_quarantined}"
            )
        entries.append(
            (
                batch.entity.qualified,
                file.extract_date,
                file.content_hash,
                file.source_file,
                batch.load_id,
                batch.loaded_at,
                outcome.rows_read,
                rows_loaded,
                rows_quarantined,
                ",".join(outcome.extra),
            )
        )
        for counts in result.on(file.extract_date):
            counts.files_loaded += 1
            counts.rows_read += outcome.rows_read
            counts.rows_loaded += rows_loaded
            counts.rows_quarantined += rows_quarantined
    if entries:
        insert_values(conn, LEDGER, entries)


def _record_rejections(
    conn: duckdb.DuckDBPyConnection,
    entity: str,
    load_id: str,
    rejected_at: datetime,
    rejections: Sequence[_Rejection],
) -> None:
    """Record rejected files once: a rerun that rejects the same file again adds nothing."""
    for r in rejections:
        conn.execute(
            f"""
            insert into {REJECTIONS}
            select ?, ?, ?, ?, ?, ?, ?
            where not exists (
                select 1 from {REJECTIONS}
                where entity = ? and extract_date is not distinct from ?
                    and source_file = ? and content_hash is not distinct from ?
            )
            """,
            [
                entity,
                r.extract_date,
                r.source_file,
                r.content_hash,
                r.reason,
                load_id,
                rejected_at,
                entity,
                r.extract_date,
                r.source_file,
                r.content_hash,
            ],
        )


def load_landing(
    conn: duckdb.DuckDBPyConnection,
    landing: Path,
    *,
    entities: Iterable[str] | None = None,
    extract_dates: Iterable[date] | None = None,
    load_id: str | None = None,
) -> list[LoadResult]:
    """Load every (or the selected) entity and extract date of a landing folder.

    Returns one result per entity (in ``ENTITIES`` order, also for entities without
    files), then one per unknown entity folder found. Paths that do not fit the landing
    layout are recorded as file rejections of their entity.
    """
    selected = _select_entities(entities)
    dates = None if extract_dates is None else set(extract_dates)
    load_id = load_id or new_load_id()
    ensure_raw_schema(conn)
    landing = Path(landing)
    found = discover(landing, None if entities is None else [e.qualified for e in selected])
    results = []
    for entity in selected:
        by_date = {
            d: files
            for d, files in found.get(entity.qualified, {}).items()
            if dates is None or d in dates
        }
        result = load_entity(conn, entity, by_date, load_id=load_id)
        problems = found.problems.pop(entity.qualified, [])
        _report_problems(conn, landing, problems, dates, result, load_id)
        results.append(result)
    if entities is None:
        for name, problems in sorted(found.problems.items()):
            result = LoadResult(name)
            _report_problems(conn, landing, problems, dates, result, load_id)
            results.append(result)
    return results


def _select_entities(entities: Iterable[str] | None) -> list[Entity]:
    if entities is None:
        return list(ENTITIES)
    wanted = list(entities)
    unknown = [name for name in wanted if name not in BY_NAME]
    if unknown:
        raise LandingError(f"unknown entity {', '.join(unknown)}")
    return [e for e in ENTITIES if e.qualified in wanted]


def _report_problems(
    conn: duckdb.DuckDBPyConnection,
    landing: Path,
    problems: list[tuple[Path, date | None, str]],
    dates: set[date] | None,
    result: LoadResult,
    load_id: str,
) -> None:
    """Paths outside the landing layout: rejected (recorded once) and reported."""
    relevant = [p for p in problems if dates is None or p[1] is None or p[1] in dates]
    if not relevant:
        return
    rejections = [
        _Rejection(d, path.relative_to(landing).as_posix(), None, reason)
        for path, d, reason in relevant
    ]
    conn.execute("begin transaction")
    try:
        _record_rejections(
            conn, result.entity, load_id, datetime.now(UTC).replace(tzinfo=None), rejections
        )
        conn.execute("commit")
    except BaseException:
        conn.execute("rollback")
        raise
    _count_rejections(result, rejections)
