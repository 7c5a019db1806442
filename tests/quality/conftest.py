"""Fixtures of the quality tests: fresh warehouse files, the registry seed, declared marts."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest
from quality_fixtures import build_warehouse

from expectations.ownership import SPEC_MARTS
from settings.paths import SEEDS_DIR


@pytest.fixture
def warehouse_factory(tmp_path: Path) -> Callable[..., Path]:
    """``make(*sql_scripts)`` → a fresh warehouse file built from the scripts."""
    counter = iter(range(1000))

    def make(*scripts: str) -> Path:
        return build_warehouse(tmp_path / f"warehouse_{next(counter)}.duckdb", *scripts)

    return make


@pytest.fixture
def registry_rows() -> list[dict[str, str]]:
    """The project's registry seed, as rows."""
    with (SEEDS_DIR / "data_ownership.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def declared_mart_tables() -> dict[str, str]:
    """Every spec mart as a table with two columns the dbt project declares for it."""
    from expectations.ownership import declared_columns

    declared: dict[str, list[str]] = {}
    for column in declared_columns():
        declared.setdefault(column.model, []).append(column.column)
    return {
        mart: ", ".join(f"{c} varchar" for c in declared.get(mart, ["undeclared_column"])[:2])
        for mart in SPEC_MARTS
    }
