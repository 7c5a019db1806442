"""docs/adding-an-entity.md, followed step by step on a copy of the project for ``erp/batch``.

After the declaration, the checks demand exactly what the checklist says is left to do: the
generated source table, the owner row, the base and staging models with their
``staged_entities()`` entry, and the quality suite — and nothing once those are there.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from expectations.contract import SOURCES_FILE, check_project, main

DECLARATION = """\
    Entity("erp", "batch", "snapshot", _fields("MATNR CHARG WERKS VFDAT"),
           key=("MATNR", "CHARG", "WERKS"),
           owner="erp_master_data", sensitivity="internal", cadence_days=EVERY_28_DAYS),
"""
OWNER_ROW = "erp/batch,source,erp_master_data,master.data@chainseg.example,internal,28\n"
BASE_MODEL = """\
with

source as (
    select * from {{ source('raw', 'erp__batch') }}
)

select * from source
"""
STAGING_MODEL = "select * from {{ ref('base_erp__batch') }}\n"
STAGED_ENTRY = (
    "        {'entity': 'erp/batch', 'base': 'base_erp__batch', 'kind': 'snapshot', "
    "'key': ['product_id', 'batch_id', 'plant_id'], 'version': none},\n"
)
SUITE = '''"""erp/batch: one row per batch."""

import great_expectations as gx

from expectations.custom import types


def stg_erp__batches() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name="stg_erp__batches",
        meta={"key_columns": ["batch_id"]},
        expectations=[types("stg_erp__batches", batch_id="text")],
    )
'''

STAGING = "dbt_project/models/staging/erp"
#: What the checks demand once the entity is declared, in the checklist's words.
SOURCE_TABLE = (
    f"{SOURCES_FILE}: out of date with ingestion/entities.py "
    "(run `python -m expectations.contract --write-sources`)"
)
OWNER = (
    "erp/batch: source row in seeds/data_ownership.csv "
    "(owning_team erp_master_data, sensitivity internal, update_frequency_days 28)"
)
STAGED = (
    "erp/batch: entry in staged_entities() in dbt_project/macros/entities.sql "
    "(base model, kind, key and version column in staging names)"
)
STAGING_SQL = f"erp/batch: staging model {STAGING}/stg_erp__batches.sql"
SUITE_FILE = "erp/batch: quality suite expectations/suites/stg_erp__batches.py"
BASE_SQL = f"erp/batch: base model {STAGING}/base/base_erp__batch.sql"


def _insert_before(path: Path, marker: str, text: str) -> None:
    content = path.read_text(encoding="utf-8")
    at = content.index(marker)
    path.write_text(content[:at] + text + content[at:], encoding="utf-8")


def _append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)


def test_a_new_entity_needs_exactly_the_checklists_files(project_copy: Path, capsys):
    root = project_copy
    assert check_project(root) == []

    # 1. Declare it.
    _insert_before(root / "ingestion/entities.py", "    # TMS ---", DECLARATION)
    assert check_project(root) == [SOURCE_TABLE, STAGING_SQL, SUITE_FILE, STAGED, OWNER]

    # 2. Generate the dbt source.
    assert main(["--root", str(root), "--write-sources"]) == 1
    sources = yaml.safe_load((root / SOURCES_FILE).read_text(encoding="utf-8"))
    tables = {t["name"]: t for t in sources["sources"][0]["tables"]}
    assert tables["erp__batch"]["meta"] == {"entity": "erp/batch"}
    assert check_project(root) == [STAGING_SQL, SUITE_FILE, STAGED, OWNER]

    # 3. Register the owner.
    _append(root / "seeds/data_ownership.csv", OWNER_ROW)
    assert check_project(root) == [STAGING_SQL, SUITE_FILE, STAGED]

    # 4. Stage it: base and staging model, and its staged_entities() entry.
    (root / STAGING / "base/base_erp__batch.sql").write_text(BASE_MODEL, encoding="utf-8")
    (root / STAGING / "stg_erp__batches.sql").write_text(STAGING_MODEL, encoding="utf-8")
    _insert_before(
        root / "dbt_project/macros/entities.sql", "        {'entity': 'tms/", STAGED_ENTRY
    )
    assert check_project(root) == [SUITE_FILE]

    # 5. Add its quality suite.
    (root / "expectations/suites/stg_erp__batches.py").write_text(SUITE, encoding="utf-8")

    # 6. Prove it.
    capsys.readouterr()
    assert main(["--root", str(root)]) == 0
    assert "complete" in capsys.readouterr().out


def test_a_registry_row_that_disagrees_with_the_declaration_is_named(project_copy: Path):
    registry = project_copy / "seeds/data_ownership.csv"
    text = registry.read_text(encoding="utf-8")
    registry.write_text(
        text.replace("tms/carrier,source,logistics,", "tms/carrier,source,procurement,"),
        encoding="utf-8",
    )

    assert check_project(project_copy) == [
        "tms/carrier: seeds/data_ownership.csv says owning_team procurement, "
        "ingestion/entities.py says logistics"
    ]


def test_a_staging_model_missing_its_base_model_is_named(project_copy: Path):
    (project_copy / STAGING / "base/base_erp__vendor.sql").unlink()

    assert check_project(project_copy) == [
        f"erp/vendor: base model {STAGING}/base/base_erp__vendor.sql"
    ]


def test_a_meta_owner_in_model_yaml_is_reported(project_copy: Path):
    path = project_copy / STAGING / "_erp__models.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "  - name: base_erp__customer\n",
            "  - name: base_erp__customer\n    config:\n      meta: {owner: logistics}\n",
        ),
        encoding="utf-8",
    )

    assert check_project(project_copy) == [
        f"{STAGING}/_erp__models.yml: base_erp__customer declares meta.owner "
        "(owners live in seeds/data_ownership.csv)"
    ]
