"""Match the columns a file actually delivers against the entity's declared columns.

Names are compared case-insensitively (SAP upper case, snake_case elsewhere) after a BOM
is stripped. A declared column the file lacks makes the file unusable, unless the entity
declares it optional (added to the contract later: position 0, loaded as NULL); a column the
entity does not declare is ignored and reported (schema drift, sources.md defect 11).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ingestion.entities import Entity


@dataclass(frozen=True)
class Layout:
    """Where each declared column sits in one file's rows."""

    positions: tuple[int, ...]  # 1-based field position of each declared column
    width: int  # number of fields every row of the file must have
    extra: tuple[str, ...]  # delivered columns the entity does not declare, lower-cased
    missing: tuple[str, ...]  # declared columns the file does not deliver

    @property
    def problem(self) -> str | None:
        """Why the file must be rejected, naming the columns; None when it is usable."""
        if not self.missing:
            return None
        noun = "column" if len(self.missing) == 1 else "columns"
        return f"missing required {noun} {', '.join(self.missing)}"


def match_columns(entity: Entity, delivered: Sequence[str]) -> Layout:
    """Layout of a file whose header (or key set) is ``delivered``, in delivery order."""
    names = [name.strip().lower() for name in delivered]
    first_position: dict[str, int] = {}
    for position, name in enumerate(names, start=1):
        first_position.setdefault(name, position)
    declared = entity.columns
    missing = tuple(
        c for c in declared if c not in first_position and c not in entity.optional_columns
    )
    extra = tuple(sorted({n for n in names if n not in declared}))
    positions = tuple(first_position.get(c, 0) for c in declared)
    return Layout(positions, len(names), extra, missing)
