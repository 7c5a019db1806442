"""Which landed files the ledger does not hold yet: the ledger, not a run history, decides.

A file is in the ledger when ``raw._file_ledger`` or ``raw._file_rejections`` names it for
its entity, or (a copy under another name, skipped on load) when the ledger holds its bytes
for its extract date. Everything else is pending, whatever its date: a part file added
to an extract date that was loaded before (a *late* file) is pending like a new date.
Only the files whose name the ledger does not know, of an entity and extract date it holds
bytes of, are hashed (a fresh warehouse's thousands of files are not read here).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb

from ingestion.landing import Discovery, discover, inspect, source_name
from ingestion.schema import LEDGER, REJECTIONS


@dataclass
class Pending:
    """Landed files not in the ledger, per entity and extract date."""

    files: dict[str, dict[date, list[Path]]] = field(default_factory=dict)
    #: Extract dates the ledger already holds files of (any entity).
    ledgered_dates: set[date] = field(default_factory=set)

    @property
    def dates(self) -> set[date]:
        """Extract dates with at least one pending file."""
        return {day for by_date in self.files.values() for day in by_date}

    @property
    def late(self) -> list[str]:
        """Pending files (source names) of extract dates loaded before, in name order."""
        return sorted(
            source_name(path)
            for by_date in self.files.values()
            for day, paths in by_date.items()
            if day in self.ledgered_dates
            for path in paths
        )


def pending_files(warehouse: Path, landing: Path, found: Discovery | None = None) -> Pending:
    """Compare the landing folder (``found``, when the caller discovered it already) with the
    warehouse's ledger (read-only).

    A warehouse that does not exist yet, or has no ledger, holds nothing: every landed file
    is pending. Raises ``duckdb.Error`` when the warehouse cannot be opened (e.g. a writer
    holds it).
    """
    if found is None:
        found = discover(Path(landing))
    names: set[tuple[str, str]] = set()
    hashes: dict[tuple[str, date], set[str]] = {}  # the bytes held per entity and date
    ledgered_dates: set[date] = set()
    if Path(warehouse).exists():
        conn = duckdb.connect(str(warehouse), read_only=True)
        try:
            tables = {
                f"raw.{name}"
                for (name,) in conn.execute(
                    "select table_name from duckdb_tables() where schema_name = 'raw'"
                ).fetchall()
            }
            if LEDGER in tables:
                for entity, day, content_hash, source in conn.execute(
                    f"select entity, extract_date, content_hash, source_file from {LEDGER}"
                ).fetchall():
                    names.add((entity, source))
                    hashes.setdefault((entity, day), set()).add(content_hash)
                    ledgered_dates.add(day)
            if REJECTIONS in tables:
                names.update(
                    conn.execute(f"select entity, source_file from {REJECTIONS}").fetchall()
                )
        finally:
            conn.close()
    pending = Pending(ledgered_dates=ledgered_dates)
    for entity, by_date in found.items():
        for day, paths in by_date.items():
            held = hashes.get((entity, day), set())
            new = [
                path
                for path in paths
                if (entity, source_name(path)) not in names
                and not (held and inspect(path, day).content_hash in held)
            ]
            if new:
                pending.files.setdefault(entity, {})[day] = new
    return pending
