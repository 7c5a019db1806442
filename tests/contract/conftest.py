"""A copy of the project's declarations and the files checked against them, to change freely."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from expectations.ownership import PROJECT_ROOT

#: What the contract checks read: declarations, dbt models and macros, registry, suites.
CHECKED = (
    "ingestion/entities.py",
    "dbt_project/dbt_project.yml",
    "dbt_project/models",
    "dbt_project/macros",
    "seeds/data_ownership.csv",
    "expectations/suites",
)


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A temporary project root holding copies of the files in ``CHECKED``."""
    for name in CHECKED:
        source, target = PROJECT_ROOT / name, tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target)
    return tmp_path
