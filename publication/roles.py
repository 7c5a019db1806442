"""Which mart columns each BI role may see.

The role seed ``seeds/bi_roles.csv`` lists, per role, the sensitivity classes it sees; each mart
column's class is its ``meta.sensitivity`` tag in the marts' ``.yml`` files (read through
``expectations.ownership``, the reader the ownership suite uses). A column whose class a role
does not see is absent from that role's publication; an undeclared column is absent from all.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from expectations.ownership import declared_columns
from settings.paths import SEEDS_DIR

ROLES_FILE = SEEDS_DIR / "bi_roles.csv"
CLASSES = ("public", "internal", "confidential")
#: a role names a folder under ``publish/``: lower-case letters, digits and underscores
_ROLE_NAME = re.compile(r"[a-z][a-z0-9_]*")


class RoleSeedError(ValueError):
    """The role seed names a role or class that cannot be published; one line."""


def role_classes(path: Path = ROLES_FILE) -> dict[str, frozenset[str]]:
    """Role → the sensitivity classes it sees, roles in the seed's order."""
    seen: dict[str, set[str]] = {}
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            role, sensitivity = row["role"].strip(), row["sensitivity"].strip()
            if not _ROLE_NAME.fullmatch(role):
                raise RoleSeedError(f"{path.name}: role {role!r} is not a lower-case name")
            if sensitivity not in CLASSES:
                raise RoleSeedError(
                    f"{path.name}: role {role} has sensitivity {sensitivity!r}, "
                    f"expected one of {', '.join(CLASSES)}"
                )
            seen.setdefault(role, set()).add(sensitivity)
    if not seen:
        raise RoleSeedError(f"{path.name} declares no role")
    return {role: frozenset(classes) for role, classes in seen.items()}


def column_sensitivity() -> dict[str, dict[str, str | None]]:
    """Mart → column → its declared sensitivity class (None when the tag is missing)."""
    found: dict[str, dict[str, str | None]] = {}
    for column in declared_columns():
        found.setdefault(column.model, {})[column.column] = column.sensitivity
    return found


def visible_columns(
    columns: Iterable[str], sensitivity: Mapping[str, str | None], classes: frozenset[str]
) -> list[str]:
    """The columns (in their order) whose declared class is one of ``classes``."""
    return [c for c in columns if sensitivity.get(c) in classes]
