"""The docs a newcomer reads stay in step with what they describe."""

from __future__ import annotations

import csv
import re

from expectations.ownership import mart_models
from ingestion.entities import ENTITIES, Entity
from settings.paths import PROJECT_ROOT, SEEDS_DIR

DOCS = PROJECT_ROOT / "docs"


def _table_rows(text: str) -> list[list[str]]:
    """The stripped cells of every row (header included, separator not) of Markdown tables."""
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    cells = [[c.strip() for c in re.split(r"(?<!\\)\|", row)[1:-1]] for row in rows]
    return [row for row in cells if not set(row[0]) <= {"-"}]


def _table_column(page: str, column: int) -> list[str]:
    """The ``column``-th cell of every row of the Markdown tables on a docs page."""
    text = (DOCS / page).read_text(encoding="utf-8")
    return [row[column].strip("`") for row in _table_rows(text)]


def test_every_rule_code_of_the_seed_is_explained_in_the_docs_and_no_other():
    with (SEEDS_DIR / "data_quality_rules.csv").open(newline="", encoding="utf-8") as handle:
        codes = [row["rule_code"] for row in csv.DictReader(handle)]

    documented = _table_column("rule-codes.md", 0)[1:]  # the header row first

    assert documented == codes


def test_every_mart_is_in_the_docs_index_and_no_other():
    listed = _table_column("marts.md", 1)[1:]

    assert sorted(listed) == sorted(mart_models())


def test_the_readme_stays_short():
    assert len((PROJECT_ROOT / "README.md").read_text(encoding="utf-8").splitlines()) <= 150


def _entity_row(entity: Entity) -> list[str]:
    return [
        entity.qualified,
        entity.kind,
        ", ".join(entity.key),
        entity.version_column or "",
        str(entity.cadence_days),
        entity.owner,
        entity.sensitivity,
        ", ".join(f"`{model}`" for model in entity.staging_models),
    ]


def test_the_extract_contract_page_lists_every_declared_entity_as_declared():
    page = (DOCS / "extract-contract.md").read_text(encoding="utf-8").split("## Entities")[1]
    documented = _table_rows(page)[1:]  # the header row first
    for row in documented:
        row[0] = row[0].strip("`")

    assert documented == [_entity_row(entity) for entity in ENTITIES]
