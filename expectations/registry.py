"""Which quality suites exist, found from the files in ``expectations/suites/`` — no GX import.

Each suite is one module ``expectations/suites/<dataset>.py`` exporting a factory of the same
name (``def stg_erp__materials() -> ExpectationSuite``), as the GX Airflow provider does. The
dataset is the dbt model or seed the suite validates, so its Dagster asset key is
``[<dataset>]``. Listing suites only reads file names and docstrings: Dagster definitions can
declare one asset check per suite without paying GX's import time.
"""

from __future__ import annotations

import ast
import importlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

SUITES_DIR = Path(__file__).resolve().parent / "suites"


@dataclass(frozen=True)
class SuiteSpec:
    """One suite: its dataset (= module and factory name) and where its file lives."""

    name: str
    path: Path

    @property
    def asset_key(self) -> tuple[str, ...]:
        return (self.name,)

    @cached_property
    def description(self) -> str:
        """The first line of the suite module's docstring."""
        docstring = ast.get_docstring(ast.parse(self.path.read_text())) or self.name
        return docstring.strip().splitlines()[0]

    def build(self) -> Any:
        """Import the suite module (and GX with it) and call its factory."""
        module = importlib.import_module(f"expectations.suites.{self.name}")
        return getattr(module, self.name)()


def suite_specs(names: list[str] | None = None) -> list[SuiteSpec]:
    """Every suite, sorted by name; ``names`` restricts the list (unknown names are an error)."""
    found = {
        path.stem: SuiteSpec(path.stem, path)
        for path in sorted(SUITES_DIR.glob("*.py"))
        if not path.stem.startswith("_")
    }
    if names is None:
        return list(found.values())
    unknown = sorted(set(names) - set(found))
    if unknown:
        raise KeyError(f"unknown quality suite(s): {', '.join(unknown)}")
    return [found[n] for n in names]
