"""The landing zone as the source systems fill it: find the files, fingerprint them.

Layout: ``<landing>/<system>/<entity>/<YYYY-MM-DD>/<file>``. ``discover`` maps each known
entity to its extract dates and files; anything that does not fit the layout (a folder
that is not a date, an unknown entity, a file of the wrong type) is reported as a problem
instead of stopping the run. ``inspect`` hashes a file in chunks and keeps its first line,
so a CSV header can be checked without reading the file twice.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ingestion.entities import BY_NAME, EXTENSIONS, Entity

MANIFEST = "_manifest.json"
_CHUNK = 1 << 20
#: A header longer than this is not a header; keeps a stray binary file from being read whole.
_MAX_HEADER = 1 << 16


class LandingError(Exception):
    """Bad input: the landing folder or a file in it cannot be used (one-line message)."""


class Discovery(dict[str, dict[date, list[Path]]]):
    """``entity -> extract date -> files``, plus the paths that do not fit the layout.

    ``problems`` maps an entity name (or the folder name for unknown entities) to one-line
    messages, so the loader can report them next to that entity's result.
    """

    def __init__(self) -> None:
        super().__init__()
        self.problems: dict[str, list[tuple[Path, date | None, str]]] = {}

    def problem(self, entity: str, path: Path, extract_date: date | None, reason: str) -> None:
        self.problems.setdefault(entity, []).append((path, extract_date, reason))


@dataclass(frozen=True)
class LandedFile:
    """One landed file, fingerprinted: what the ledger and the readers need to know."""

    path: Path
    extract_date: date
    content_hash: str | None  # sha256 hex; None when the file could not be read
    size: int
    first_line: bytes  # raw bytes of the first line (without its line ending)
    error: str | None = None  # why the file cannot be read, one line
    #: Set when ``path`` is a screened copy (``lines.screen``): the lines blanked out of it,
    #: as (physical line, raw text, reason).
    screened: tuple[tuple[int, str, str], ...] = ()

    @property
    def source_file(self) -> str:
        return source_name(self.path)


def source_name(path: Path) -> str:
    """How a file is named in raw tables: ``<system>/<entity>/<date>/<file>``.

    Relative to the landing root, so the warehouse does not depend on where the landing
    zone is mounted.
    """
    return "/".join(path.parts[-4:])


def _parse_date(name: str) -> date | None:
    try:
        parsed = date.fromisoformat(name)
    except ValueError:
        return None
    # fromisoformat also accepts 20250101; the layout asks for YYYY-MM-DD exactly.
    return parsed if parsed.isoformat() == name else None


def _visible(folder: Path | str) -> list[os.DirEntry[str]]:
    """Entries of a folder in name order, without hidden files (editors, partial copies).

    ``scandir`` entries know whether they are folders without a ``stat`` per entry, which
    a landing zone of thousands of date folders feels.
    """
    with os.scandir(folder) as entries:
        return sorted((e for e in entries if not e.name.startswith(".")), key=lambda e: e.name)


def discover(landing: Path, entities: Collection[str] | None = None) -> Discovery:
    """Map every known entity (or only those named in ``entities``) to
    ``{extract date: [files]}`` (files in name order). Unknown entity folders are reported
    only when all entities are discovered."""
    landing = Path(landing)
    if not landing.is_dir():
        raise LandingError(f"landing folder not found: {landing}")
    found = Discovery()
    for system_dir in _visible(landing):
        if system_dir.name == MANIFEST or not system_dir.is_dir():
            continue
        for entity_dir in _visible(system_dir.path):
            qualified = f"{system_dir.name}/{entity_dir.name}"
            if entities is not None and qualified not in entities:
                continue
            entity = BY_NAME.get(qualified)
            if entity is None or not entity_dir.is_dir():
                found.problem(
                    qualified, Path(entity_dir.path), None, f"unknown entity folder {qualified}"
                )
                continue
            _discover_dates(found, entity, entity_dir.path)
    return found


def _discover_dates(found: Discovery, entity: Entity, entity_dir: str) -> None:
    extension = "." + EXTENSIONS[entity.format]
    dates = found.setdefault(entity.qualified, {})
    for date_dir in _visible(entity_dir):
        extract_date = _parse_date(date_dir.name)
        if extract_date is None or not date_dir.is_dir():
            found.problem(
                entity.qualified,
                Path(date_dir.path),
                None,
                f"not an extract date folder (YYYY-MM-DD): {date_dir.name}",
            )
            continue
        for file in _visible(date_dir.path):
            if file.is_file() and file.name.endswith(extension):
                dates.setdefault(extract_date, []).append(Path(file.path))
            else:
                found.problem(
                    entity.qualified,
                    Path(file.path),
                    extract_date,
                    f"not a {extension} file: {file.name}",
                )


def inspect(path: Path, extract_date: date) -> LandedFile:
    """Hash a file in chunks (sha256) and keep its first line; never raises on I/O errors."""
    digest = hashlib.sha256()
    head = b""
    size = 0
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(_CHUNK):
                if size < _MAX_HEADER:
                    head += chunk[: _MAX_HEADER - size]
                digest.update(chunk)
                size += len(chunk)
    except OSError as exc:
        reason = f"unreadable file: {exc.strerror or exc}"
        return LandedFile(path, extract_date, None, size, b"", reason)
    first_line = head.split(b"\n", 1)[0].rstrip(b"\r")
    return LandedFile(path, extract_date, digest.hexdigest(), size, first_line)
