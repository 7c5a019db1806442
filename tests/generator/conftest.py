"""One generator run per scenario for the whole session (the generator is the slow part)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from generator import generate


def _run(root: Path, **kwargs) -> tuple[Path, dict]:
    manifest = generate(root, **kwargs)
    assert json.loads((root / "_manifest.json").read_text()) == manifest
    return root, manifest


@pytest.fixture(scope="session")
def demo(tmp_path_factory) -> tuple[Path, dict]:
    """The demo scale over a full year (defects on), as `chainseg generate --seed 7`."""
    return _run(tmp_path_factory.mktemp("demo"), scale=0.01, seed=7)


@pytest.fixture(scope="session")
def short_pair(tmp_path_factory) -> list[tuple[Path, dict]]:
    """Two runs with the same arguments over 45 days."""
    kwargs = dict(start=date(2025, 3, 1), days=45, scale=0.01, seed=3)
    return [_run(tmp_path_factory.mktemp(f"short{k}"), **kwargs) for k in (1, 2)]


@pytest.fixture(scope="session")
def clean(tmp_path_factory) -> tuple[Path, dict]:
    """A short run with every defect switched off."""
    return _run(tmp_path_factory.mktemp("clean"), days=40, scale=0.01, seed=5, defects="none")
