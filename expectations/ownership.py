"""What the ownership suite checks the registry against: datasets, declared column classes, owners.

The registry seed ``data_ownership`` is the one source of truth for owners, stewards,
sensitivity classes and update frequencies. This module gathers, without GX, what it must
agree with: the source entities of ``ingestion/entities.py``, the marts of the spec, and what
the dbt project declares for each mart (``meta.owner`` on the model, ``meta.sensitivity`` on
every column, read from the model ``.yml`` files).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from ingestion.entities import ENTITIES
from settings.paths import DBT_PROJECT_DIR

#: The marts of spec models.md §Marts (the BI contract).
SPEC_MARTS: tuple[str, ...] = (
    "mart_cost_to_serve_line",
    "mart_cost_to_serve_customer_month",
    "mart_segment_kpis_month",
    "mart_product_segments",
    "mart_customer_segments",
    "mart_supplier_segments",
    "mart_supplier_scorecard_month",
    "mart_contract_compliance",
    "mart_maverick_spend_month",
    "mart_hidden_costs_month",
    "mart_demand_signals_week",
    "mart_segment_exceptions",
    "mart_kpi_alerts",
    "mart_data_quality",
)

#: Column names that hold costs, prices or margins: ``confidential`` by the spec.
CONFIDENTIAL_COLUMN = re.compile(
    r"(cost|cogs|price|margin|freight|expediting|returns|handling|order_processing|overhead"
    r"|stockout|excess_inventory|hidden_cost)"
)


def source_datasets() -> list[str]:
    """Every source entity, as the registry names it (``erp/material``)."""
    return [e.qualified for e in ENTITIES]


@dataclass(frozen=True)
class DeclaredColumn:
    model: str
    column: str
    sensitivity: str | None


@cache
def _mart_models(project_dir: Path = DBT_PROJECT_DIR) -> tuple[dict, ...]:
    models: list[dict] = []
    for path in sorted((project_dir / "models").rglob("*.yml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        models += [
            m for m in document.get("models") or [] if str(m.get("name", "")).startswith("mart_")
        ]
    return tuple(models)


def _meta(node: dict) -> dict:
    """dbt reads ``meta`` at the top level or under ``config`` (the newer spelling)."""
    return {**(node.get("meta") or {}), **((node.get("config") or {}).get("meta") or {})}


def declared_columns(project_dir: Path = DBT_PROJECT_DIR) -> list[DeclaredColumn]:
    """Each mart column the dbt project documents, with its declared ``meta.sensitivity``."""
    return [
        DeclaredColumn(model["name"], column["name"], _meta(column).get("sensitivity"))
        for model in _mart_models(project_dir)
        for column in model.get("columns") or []
    ]


def declared_owners(project_dir: Path = DBT_PROJECT_DIR) -> dict[str, str]:
    """Each mart's ``meta.owner``, falling back to the project-wide default owner."""
    project = yaml.safe_load((project_dir / "dbt_project.yml").read_text(encoding="utf-8"))
    default = ((project.get("models") or {}).get(project.get("name"), {}) or {}).get("+meta", {})
    fallback = (default or {}).get("owner")
    owners = {m["name"]: _meta(m).get("owner", fallback) for m in _mart_models(project_dir)}
    return {name: owner for name, owner in owners.items() if owner}


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
