"""What the ownership suite checks the registry against: source entities, marts, column tags.

The registry seed ``data_ownership`` is the one place owners, stewards, sensitivity classes
and update frequencies are declared (dbt model YAML declares no owner). This module gathers,
without GX, what the registry must cover: the source entities of ``ingestion/entities.py``,
the marts (every model under ``dbt_project/models/marts/``) and each mart column's
sensitivity tag (``meta.sensitivity`` in the marts' ``.yml`` files).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ingestion.entities import ENTITIES

#: The project root (the folder holding ``dbt_project/``, ``seeds/`` and ``expectations/``).
PROJECT_ROOT = Path(__file__).resolve().parents[1]

MARTS_DIR = Path("dbt_project/models/marts")
MODELS_DIR = Path("dbt_project/models")
REGISTRY_FILE = Path("seeds/data_ownership.csv")

#: libyaml's parser where PyYAML has it (its wheels do): six times the pure-Python one, which
#: every run feels (the publication and the ownership suite each read the marts' YAML: 1 s)
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def source_datasets() -> list[str]:
    """Every source entity, as the registry names it (``erp/material``)."""
    return [e.qualified for e in ENTITIES]


def mart_models(root: Path = PROJECT_ROOT) -> tuple[str, ...]:
    """Every mart: each model (``.sql`` file) under ``dbt_project/models/marts/``, sorted."""
    return tuple(sorted(path.stem for path in (root / MARTS_DIR).rglob("*.sql")))


def registry_rows(root: Path = PROJECT_ROOT) -> list[dict[str, str]]:
    """The registry seed's rows, as text."""
    with (root / REGISTRY_FILE).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def read_yaml(path: Path) -> Any:
    """The document of a YAML file (safe loading: plain data only)."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)


def model_documents(root: Path = PROJECT_ROOT, folder: Path = MODELS_DIR) -> dict[str, dict]:
    """Every model entry of the ``.yml`` files under ``folder``, by model name."""
    models: dict[str, dict] = {}
    for path in sorted((root / folder).rglob("*.yml")):
        document = read_yaml(path) or {}
        models |= {str(m.get("name")): m for m in document.get("models") or []}
    return models


def meta(node: dict) -> dict:
    """dbt reads ``meta`` at the top level or under ``config`` (the newer spelling)."""
    return {**(node.get("meta") or {}), **((node.get("config") or {}).get("meta") or {})}


@dataclass(frozen=True)
class DeclaredColumn:
    model: str
    column: str
    sensitivity: str | None


def declared_columns(root: Path = PROJECT_ROOT) -> list[DeclaredColumn]:
    """Each mart column the dbt project documents, with its ``meta.sensitivity`` tag."""
    documents = model_documents(root, MARTS_DIR)
    return [
        DeclaredColumn(mart, column["name"], meta(column).get("sensitivity"))
        for mart in mart_models(root)
        for column in (documents.get(mart) or {}).get("columns") or []
    ]


def values_sql(rows: list[tuple[object, ...]], columns: tuple[str, ...]) -> str:
    """``(values ...) as t(columns)`` for a small literal table; typed even when empty."""
    if not rows:
        nulls = ", ".join("null::varchar" for _ in columns)
        return f"(select {nulls} where false) as t({', '.join(columns)})"
    body = ", ".join("(" + ", ".join(_literal(v) for v in row) + ")" for row in rows)
    return f"(values {body}) as t({', '.join(columns)})"


def _literal(value: object) -> str:
    if value is None:
        return "null"
    return "'" + str(value).replace("'", "''") + "'"
