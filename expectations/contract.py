"""Does the project agree with its declarations? Lists exactly what a new entity or mart lacks.

A source entity is declared once, in ``ingestion/entities.py``; a mart is any model under
``dbt_project/models/marts/``. From those, this module generates the dbt sources file and
checks everything else a newcomer must add by hand::

    python -m expectations.contract                  # what is missing (exit 1 if anything)
    python -m expectations.contract --write-sources  # regenerate the dbt sources file

Each check takes the project root, so a test can run it on a copy of the project. The
checklists it backs are docs/adding-an-entity.md and docs/adding-a-mart.md.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from expectations.ownership import (
    MARTS_DIR,
    MODELS_DIR,
    PROJECT_ROOT,
    REGISTRY_FILE,
    mart_models,
    meta,
    model_documents,
    read_yaml,
    registry_rows,
)
from ingestion.entities import SENSITIVITIES, Entity

ENTITIES_FILE = Path("ingestion/entities.py")
SOURCES_FILE = Path("dbt_project/models/staging/_staging__sources.yml")
STAGING_DIR = Path("dbt_project/models/staging")
SUITES_DIR = Path("expectations/suites")
#: The dbt macro ``staged_entities()``: each entity's base model, kind, key and version column
#: in staging names, which the data-quality models loop over.
STAGED_ENTITIES_FILE = Path("dbt_project/macros/entities.sql")
_STAGED = re.compile(
    r"\{'entity': '(?P<entity>[^']+)', 'base': '(?P<base>[^']+)', 'kind': '(?P<kind>\w+)'"
)
OWNERSHIP_SUITE = "data_ownership"

SOURCES_HEADER = (
    "# Generated from ingestion/entities.py by `python -m expectations.contract"
    " --write-sources`.\n"
    "# The entity tables are rewritten from the declarations; edit only the `_` tables\n"
    "# (ingestion's own ledger, quarantine and rejections) by hand.\n"
)


# -- declarations ---------------------------------------------------------------------------


def load_entities(root: Path = PROJECT_ROOT) -> tuple[Entity, ...]:
    """The ``ENTITIES`` declared in ``<root>/ingestion/entities.py`` (a copy's own, in tests)."""
    path = (root / ENTITIES_FILE).resolve()
    name = f"_chainseg_entities_{abs(hash(str(path)))}"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None, path
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is built
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[name]
    return tuple(module.ENTITIES)


# -- the dbt sources file, generated --------------------------------------------------------


def render_sources(root: Path = PROJECT_ROOT) -> str:
    """The sources file for the declared entities, keeping its hand-written ``_`` tables."""
    current = read_yaml(root / SOURCES_FILE)
    [raw] = [source for source in current["sources"] if source["name"] == "raw"]
    ingestion_tables = [t for t in raw.get("tables") or [] if str(t["name"]).startswith("_")]
    raw["tables"] = [_source_table(e) for e in load_entities(root)] + ingestion_tables
    body = yaml.dump(current, Dumper=_Dumper, sort_keys=False, width=100, allow_unicode=True)
    return SOURCES_HEADER + body


def write_sources(root: Path = PROJECT_ROOT) -> Path:
    path = root / SOURCES_FILE
    path.write_text(render_sources(root), encoding="utf-8")
    return path


def _source_table(entity: Any) -> dict[str, Any]:
    return {
        "name": entity.raw_table,
        "description": entity.description,
        "meta": {"entity": entity.qualified},
    }


class _Dumper(yaml.SafeDumper):
    """Block style, lists indented under their key, long text folded."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> Any:
        return super().increase_indent(flow, False)


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = ">" if len(value) > 80 else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _dict(dumper: yaml.SafeDumper, value: dict) -> yaml.MappingNode:
    """``meta: {entity: erp/material}``: small mappings of plain values on one line."""
    flat = len(value) <= 2 and not any(isinstance(v, dict | list) for v in value.values())
    return dumper.represent_mapping("tag:yaml.org,2002:map", value, flow_style=flat)


_Dumper.add_representer(str, _str)
_Dumper.add_representer(dict, _dict)


# -- checks ---------------------------------------------------------------------------------


def check_entities(root: Path = PROJECT_ROOT) -> list[str]:
    """What the declared source entities lack: sources file, staging models, suites, owners."""
    entities = load_entities(root)
    missing: list[str] = []
    if (root / SOURCES_FILE).read_text(encoding="utf-8") != render_sources(root):
        missing.append(
            f"{SOURCES_FILE}: out of date with {ENTITIES_FILE} "
            "(run `python -m expectations.contract --write-sources`)"
        )
    for entity in entities:
        for model in entity.staging_models:
            sql = STAGING_DIR / entity.system / f"{model}.sql"
            if not (root / sql).is_file():
                missing.append(f"{entity.qualified}: staging model {sql}")
            suite = SUITES_DIR / f"{model}.py"
            if not (root / suite).is_file():
                missing.append(f"{entity.qualified}: quality suite {suite}")
    missing += _staged_entities(root, entities)
    missing += _source_registry(root, entities)
    return missing


def _staged_entities(root: Path, entities: Sequence[Any]) -> list[str]:
    text = (root / STAGED_ENTITIES_FILE).read_text(encoding="utf-8")
    macro = text[text.index("macro staged_entities") :].split("endmacro", 1)[0]
    staged = {m["entity"]: m for m in _STAGED.finditer(macro)}
    missing = []
    for entity in entities:
        entry = staged.get(entity.qualified)
        if entry is None:
            missing.append(
                f"{entity.qualified}: entry in staged_entities() in {STAGED_ENTITIES_FILE} "
                "(base model, kind, key and version column in staging names)"
            )
            continue
        base = STAGING_DIR / entity.system / "base" / f"{entry['base']}.sql"
        if not (root / base).is_file():
            missing.append(f"{entity.qualified}: base model {base}")
        if entry["kind"] != entity.kind:
            missing.append(
                f"{entity.qualified}: staged_entities() says kind {entry['kind']}, "
                f"{ENTITIES_FILE} says {entity.kind}"
            )
    declared = {e.qualified for e in entities}
    missing += [
        f"{STAGED_ENTITIES_FILE}: staged_entities() lists {name}, not declared in {ENTITIES_FILE}"
        for name in staged
        if name not in declared
    ]
    return missing


def _source_registry(root: Path, entities: Sequence[Any]) -> list[str]:
    rows = [r for r in registry_rows(root) if r["dataset_type"] == "source"]
    missing = []
    for entity in entities:
        declared = {
            "owning_team": entity.owner,
            "sensitivity": entity.sensitivity,
            "update_frequency_days": str(entity.cadence_days),
        }
        found = [r for r in rows if r["dataset"] == entity.qualified]
        if not found:
            wanted = ", ".join(f"{k} {v}" for k, v in declared.items())
            missing.append(f"{entity.qualified}: source row in {REGISTRY_FILE} ({wanted})")
        elif len(found) > 1:
            missing.append(f"{entity.qualified}: {len(found)} rows in {REGISTRY_FILE}, want 1")
        else:
            missing += [
                f"{entity.qualified}: {REGISTRY_FILE} says {k} {found[0][k]}, "
                f"{ENTITIES_FILE} says {v}"
                for k, v in declared.items()
                if found[0][k] != v
            ]
        if entity.sensitivity not in SENSITIVITIES:
            missing.append(f"{entity.qualified}: sensitivity must be one of {SENSITIVITIES}")
    qualified = {e.qualified for e in entities}
    missing += [
        f"{REGISTRY_FILE}: source row {r['dataset']} has no declaration in {ENTITIES_FILE}"
        for r in rows
        if r["dataset"] not in qualified
    ]
    return missing


def check_marts(root: Path = PROJECT_ROOT) -> list[str]:
    """What the marts (every model under ``models/marts/``) lack: YAML, tags, owner, suite."""
    marts = mart_models(root)
    documents = model_documents(root, MARTS_DIR)
    registry = {r["dataset"]: r for r in registry_rows(root) if r["dataset_type"] == "mart"}
    missing: list[str] = []
    for mart in marts:
        document = documents.get(mart)
        columns = (document or {}).get("columns") or []
        if not document or not document.get("description") or not columns:
            missing.append(
                f"{mart}: description and columns in a _<domain>__models.yml under {MARTS_DIR}"
            )
        untagged = [c["name"] for c in columns if meta(c).get("sensitivity") not in SENSITIVITIES]
        if untagged:
            classes = "|".join(SENSITIVITIES)
            missing.append(f"{mart}: meta.sensitivity ({classes}) on {', '.join(untagged)}")
        confidential = [c["name"] for c in columns if meta(c).get("sensitivity") == "confidential"]
        row = registry.get(mart)
        if row is None:
            want = "confidential" if confidential else "its sensitivity"
            missing.append(f"{mart}: mart row in {REGISTRY_FILE} (owning team, steward, {want})")
        elif confidential and row["sensitivity"] != "confidential":
            missing.append(
                f"{mart}: registered {row['sensitivity']} in {REGISTRY_FILE} but "
                f"{', '.join(confidential)} is confidential: register it confidential"
            )
        if not (root / SUITES_DIR / f"{mart}.py").is_file():
            missing.append(f"{mart}: quality suite {SUITES_DIR / (mart + '.py')}")
    missing += [
        f"{REGISTRY_FILE}: mart row {name} has no model under {MARTS_DIR}"
        for name in registry
        if name not in marts
    ]
    return missing


def check_suites(root: Path = PROJECT_ROOT) -> list[str]:
    """Suites that validate nothing declared: one per entity staging model, mart, ownership."""
    expected = {m for e in load_entities(root) for m in e.staging_models}
    expected |= set(mart_models(root)) | {OWNERSHIP_SUITE}
    return [
        f"{SUITES_DIR / path.name}: validates no declared entity's staging model nor a mart"
        for path in sorted((root / SUITES_DIR).glob("*.py"))
        if not path.stem.startswith("_") and path.stem not in expected
    ]


def check_owners_declared_once(root: Path = PROJECT_ROOT) -> list[str]:
    """Owners live in the registry seed only: no ``meta.owner`` on a dbt model or source table."""
    found = [
        f"{path.relative_to(root)}: {node['name']} declares meta.owner "
        f"(owners live in {REGISTRY_FILE})"
        for path in sorted((root / MODELS_DIR).rglob("*.yml"))
        for node in _nodes(read_yaml(path) or {})
        if "owner" in meta(node)
    ]
    return found


def check_exposure_owners(root: Path = PROJECT_ROOT) -> list[str]:
    """dbt requires an owner on an exposure: its name must be an owning team of the registry
    and its email a steward of that team there (the registry stays the one place of owners)."""
    stewards: dict[str, set[str]] = {}
    for row in registry_rows(root):
        stewards.setdefault(row["owning_team"], set()).add(row["steward"])
    found = []
    for path in sorted((root / MODELS_DIR).rglob("*.yml")):
        document = read_yaml(path) or {}
        for exposure in document.get("exposures") or []:
            owner = exposure.get("owner") or {}
            team, email = owner.get("name"), owner.get("email")
            if team not in stewards:
                found.append(
                    f"{path.relative_to(root)}: exposure {exposure.get('name')} has owner "
                    f"{team!r}, not an owning team in {REGISTRY_FILE}"
                )
            elif email not in stewards[team]:
                found.append(
                    f"{path.relative_to(root)}: exposure {exposure.get('name')} has email "
                    f"{email!r}, not a steward of {team} in {REGISTRY_FILE}"
                )
    return found


def _nodes(document: dict) -> list[dict]:
    nodes = list(document.get("models") or [])
    for source in document.get("sources") or []:
        nodes += [source, *(source.get("tables") or [])]
    return nodes


def check_project(root: Path = PROJECT_ROOT) -> list[str]:
    """Every check above: the list of what is missing, empty when the project is complete."""
    return (
        check_entities(root)
        + check_marts(root)
        + check_suites(root)
        + check_owners_declared_once(root)
        + check_exposure_owners(root)
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m expectations.contract", description=__doc__)
    parser.add_argument("--root", type=Path, default=PROJECT_ROOT, help="project root")
    parser.add_argument(
        "--write-sources", action="store_true", help="regenerate the dbt sources file first"
    )
    args = parser.parse_args(argv)
    if args.write_sources:
        print(f"wrote {write_sources(args.root)}")
    missing = check_project(args.root)
    for item in missing:
        print(f"missing: {item}")
    if not missing:
        print("complete: every entity and mart has what it needs")
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
