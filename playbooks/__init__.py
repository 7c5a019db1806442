"""Segment playbooks: one page per segment (HTML and Markdown) for category managers and
planners, rendered from the policy seeds and the current official segments (plain Python over
DuckDB, no Dagster; ``chainseg playbook`` calls ``write_playbooks``).

``playbooks.content`` gathers what a page says, ``playbooks.render`` writes it. The marts are
read from the latest publication, as BI reads them: the role's ``marts.duckdb`` that sees
every sensitivity class the pages print (member values are confidential), never the warehouse
a writer may hold (``published_marts``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from playbooks.content import Page, PlaybookError, Seeds, build_pages
from playbooks.render import markdown, write_pages
from publication import DATABASE, role_classes, role_links

#: the sensitivity classes the pages print (member values are confidential)
NEEDED_CLASSES = frozenset({"public", "internal", "confidential"})
DEFAULT_TOP = 10

__all__ = [
    "DEFAULT_TOP",
    "Page",
    "PlaybookError",
    "Playbooks",
    "build_pages",
    "markdown",
    "published_marts",
    "write_playbooks",
]


def published_marts(publish: Path) -> Path:
    """The current ``marts.duckdb`` of the first role (seed order) that may see every column
    the pages print; ``PlaybookError`` when nothing is published yet."""
    linked = role_links(publish)
    for role, classes in role_classes().items():
        if classes >= NEEDED_CLASSES and role in linked:
            database = publish / role / DATABASE
            if database.is_file():
                return database
    raise PlaybookError(
        f"no publication of the marts under {publish}: run `chainseg run` first "
        "(the playbooks read the latest publication)"
    )


@dataclass(frozen=True)
class Playbooks:
    pages: list[Page]
    files: list[Path]


def write_playbooks(
    database: Path,
    out: Path,
    *,
    segment: str | None = None,
    top: int = DEFAULT_TOP,
    seeds: Seeds | None = None,
) -> Playbooks:
    """Every segment's page and the index of them, or only ``segment``'s page (its name, or
    ``<type>-<name>``), written into ``out``."""
    pages = build_pages(database, top=top, seeds=seeds)
    if not pages:
        raise PlaybookError(f"{database} holds no segment")
    chosen = pages
    if segment is not None:
        chosen = [p for p in pages if segment in (p.segment, p.slug)]
        if not chosen:
            known = ", ".join(p.segment for p in pages)
            raise PlaybookError(f"no segment {segment!r}; the segments are {known}")
        if len(chosen) > 1:
            raise PlaybookError(
                f"segment {segment!r} is ambiguous: use one of " + ", ".join(p.slug for p in chosen)
            )
    # one segment: its two pages only (the index of every segment stays as the last full run
    # wrote it)
    files = write_pages(
        chosen, out, heading=f"One page per segment; {pages[0].basis}.", index=segment is None
    )
    return Playbooks(chosen, files)
