"""The project agrees with its declarations: every entity and mart has all it needs, once."""

from __future__ import annotations

import re

import pytest

from expectations.contract import (
    SOURCES_FILE,
    check_entities,
    check_exposure_owners,
    check_marts,
    check_owners_declared_once,
    check_suites,
    load_entities,
    render_sources,
)
from expectations.ownership import PROJECT_ROOT, mart_models
from ingestion.entities import ENTITIES, _plural

#: The spec beside the project (``../shared/spec``); its marts table is the BI contract.
SPEC_MODELS = PROJECT_ROOT.parent / "shared" / "spec" / "models.md"


def test_every_entity_has_its_source_staging_models_suites_and_owner_row():
    assert check_entities(PROJECT_ROOT) == []


def test_every_mart_is_documented_tagged_registered_and_has_a_suite():
    assert check_marts(PROJECT_ROOT) == []


def test_every_suite_validates_a_declared_staging_model_or_mart():
    assert check_suites(PROJECT_ROOT) == []


def test_owners_are_declared_only_in_the_registry():
    assert check_owners_declared_once(PROJECT_ROOT) == []


def test_exposure_owners_are_registry_teams_and_stewards():
    assert check_exposure_owners(PROJECT_ROOT) == []


def test_an_exposure_owner_the_registry_does_not_know_is_reported(project_copy):
    exposures = project_copy / "dbt_project/models/exposures.yml"
    text = exposures.read_text(encoding="utf-8")
    exposures.write_text(
        text.replace(
            "email: segmentation.lead@chainseg.example", "email: someone@example.com"
        ).replace("name: data_platform", "name: bi_team"),
        encoding="utf-8",
    )

    assert check_exposure_owners(project_copy) == [
        "dbt_project/models/exposures.yml: exposure segmentation_overview has email "
        "'someone@example.com', not a steward of supply_chain_analytics in "
        "seeds/data_ownership.csv",
        *(
            f"dbt_project/models/exposures.yml: exposure publication_{role} has owner "
            "'bi_team', not an owning team in seeds/data_ownership.csv"
            for role in ("finance", "operations", "analyst")
        ),
    ]


def test_sources_file_is_the_one_generated_from_the_declarations():
    committed = (PROJECT_ROOT / SOURCES_FILE).read_text(encoding="utf-8")

    assert committed == render_sources(PROJECT_ROOT)


def test_entities_are_loaded_from_the_roots_own_declaration_file():
    loaded = load_entities(PROJECT_ROOT)

    assert [(e.qualified, e.staging_models) for e in loaded] == [
        (e.qualified, e.staging_models) for e in ENTITIES
    ]


@pytest.mark.parametrize(
    ("name", "plural"),
    [("material", "materials"), ("batch", "batches"), ("delivery", "deliveries"), ("day", "days")],
)
def test_staging_model_names_use_the_plural_of_the_entity(name, plural):
    assert _plural(name) == plural


@pytest.mark.skipif(not SPEC_MODELS.is_file(), reason="spec models.md not beside the project")
def test_marts_folder_holds_every_mart_of_the_spec():
    """The spec's marts all exist; marts the issues added beyond it are catalogued below."""
    text = SPEC_MODELS.read_text(encoding="utf-8")
    section = text[text.index("## Marts") :]
    spec_marts = set(re.findall(r"^\| `(mart_\w+)` \|", section, flags=re.MULTILINE))

    assert spec_marts <= set(mart_models())


def test_docs_catalogue_lists_exactly_the_marts():
    catalogue = (PROJECT_ROOT / "docs" / "marts.md").read_text(encoding="utf-8")
    catalogued = re.findall(r"^\| \w+ \| `(mart_\w+)` \|", catalogue, flags=re.MULTILINE)

    assert sorted(catalogued) == sorted(mart_models())
