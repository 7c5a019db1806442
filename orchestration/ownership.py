"""Owners of every dataset, read from the data-ownership registry seed (the one source of truth)."""

from __future__ import annotations

import csv
from functools import cache

from settings.paths import SEEDS_DIR

REGISTRY = SEEDS_DIR / "data_ownership.csv"


@cache
def registry() -> dict[str, dict[str, str]]:
    """Dataset name (``erp/material``, ``mart_cost_to_serve_line``) → its registry row."""
    if not REGISTRY.exists():
        return {}
    with REGISTRY.open(newline="", encoding="utf-8") as handle:
        return {row["dataset"]: row for row in csv.DictReader(handle)}


def owners(dataset: str) -> list[str]:
    """Dagster owners of a dataset: its owning team (``team:<name>``), empty when unregistered."""
    row = registry().get(dataset)
    return [f"team:{row['owning_team']}"] if row and row.get("owning_team") else []
