"""The atomic-switch pattern the publication and the operational feeds share.

A version is written completely under a hidden temporary name (``.<id>.tmp``), its files and
folders flushed to disk, then renamed into place; only then does a symlink (the pointer
readers open) move to it: a new symlink under a temporary name, replaced with ``os.replace``.
A reader that opened the old version keeps reading it; a new open sees the whole new one. A
writer killed at any point leaves at worst a ``.*.tmp`` entry, which the next writer removes
under its lock (``remove_temporaries``).
"""

from __future__ import annotations

import os
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

#: ``20261203T104512.345Z-1a2b3c4d``: UTC time to the millisecond, then the run id's first
#: part; names sort in time order
VERSION_ID = re.compile(r"\d{8}T\d{6}\.\d{3}Z-[0-9A-Za-z]+")


def new_version_id(run_id: str, now: datetime | None = None) -> str:
    """Sortable by time: UTC timestamp to the millisecond, then the first part of the run id."""
    now = (now or datetime.now(UTC)).astimezone(UTC)
    short = re.sub(r"[^0-9A-Za-z]", "", run_id)[:8] or "manual"
    return f"{now:%Y%m%dT%H%M%S}.{now.microsecond // 1000:03d}Z-{short}"


def version_ids(folder: Path) -> list[str]:
    """The complete versions in ``folder`` (named by :func:`new_version_id`), oldest first."""
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if VERSION_ID.fullmatch(p.name))


def fsync_tree(folder: Path) -> None:
    """Flush every file under ``folder`` and every folder's entries (``folder`` included)."""
    for root, _dirs, files in os.walk(folder):
        for name in files:
            fd = os.open(Path(root) / name, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        fsync_folder(Path(root))


def fsync_folder(folder: Path) -> None:
    """Flush a folder's entries (a rename or a new symlink in it)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def commit_folder(staging: Path, final: Path) -> None:
    """Flush ``staging`` to disk and rename it to ``final`` (same parent folder)."""
    fsync_tree(staging)
    os.rename(staging, final)
    fsync_folder(final.parent)


def replace_symlink(link: Path, target: Path, temporary: Path) -> None:
    """Point ``link`` at ``target`` (relative) atomically: a symlink at ``temporary``, replaced."""
    temporary.unlink(missing_ok=True)
    os.symlink(target, temporary)
    os.replace(temporary, link)
    fsync_folder(link.parent)


def remove_temporaries(*folders: Path) -> None:
    """Remove the ``.*.tmp`` folders, files and symlinks a killed writer left in ``folders``
    (call it holding the writer's lock, so none is in use)."""
    for folder in folders:
        for entry in folder.glob(".*.tmp"):
            if entry.is_symlink() or not entry.is_dir():
                entry.unlink()
            else:
                shutil.rmtree(entry)
