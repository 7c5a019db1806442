"""Fixtures of the quality tests: fresh warehouse files, the registry seed, declared marts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from quality_fixtures import build_warehouse

from expectations import ownership


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
    return ownership.registry_rows()


@pytest.fixture
def declared_mart_tables() -> dict[str, str]:
    """Every mart as a table with two columns the dbt project declares for it."""
    declared: dict[str, list[str]] = {}
    for column in ownership.declared_columns():
        declared.setdefault(column.model, []).append(column.column)
    return {
        mart: ", ".join(f"{c} varchar" for c in declared.get(mart, ["undeclared_column"])[:2])
        for mart in ownership.mart_models()
    }
