"""docs/adding-a-mart.md, steps 1-4, on a copy of the project for ``mart_batch_expiry``.

The model file alone makes the mart a mart (no list to extend); the checks then demand its
YAML with a sensitivity tag on every column, its registry row and its quality suite.
"""

from __future__ import annotations

from pathlib import Path

from expectations.contract import check_project

FOLDER = "dbt_project/models/marts/planning"
MODEL = "select product_id, 1.0 as write_off_value from {{ ref('dim_product') }}\n"
YAML = """\
version: 2
models:
  - name: mart_batch_expiry
    description: One row per product, the value of its batches written off at expiry.
    columns:
      - name: product_id
        data_type: varchar
        description: Product id, CR08-normalised.
        meta: {sensitivity: public}
      - name: write_off_value
        data_type: double
        description: Value written off, in the reporting currency.
        meta: {sensitivity: confidential}
"""
OWNER_ROW = (
    "mart_batch_expiry,mart,supply_chain_analytics,cts.analyst@chainseg.example,confidential,1\n"
)
SUITE = '''"""mart_batch_expiry: one row per product."""

import great_expectations as gx

from expectations.custom import types


def mart_batch_expiry() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name="mart_batch_expiry",
        meta={"key_columns": ["product_id"]},
        expectations=[types("mart_batch_expiry", product_id="text")],
    )
'''

DOCUMENTED = (
    "mart_batch_expiry: description and columns in a _<domain>__models.yml under "
    "dbt_project/models/marts"
)
REGISTERED = (
    "mart_batch_expiry: mart row in seeds/data_ownership.csv "
    "(owning team, steward, its sensitivity)"
)
REGISTERED_CONFIDENTIAL = (
    "mart_batch_expiry: mart row in seeds/data_ownership.csv (owning team, steward, confidential)"
)
SUITE_FILE = "mart_batch_expiry: quality suite expectations/suites/mart_batch_expiry.py"


def test_a_new_mart_needs_exactly_its_yaml_registry_row_and_suite(project_copy: Path):
    root = project_copy

    # 1. Write the model.
    (root / FOLDER).mkdir(parents=True)
    (root / FOLDER / "mart_batch_expiry.sql").write_text(MODEL, encoding="utf-8")
    assert check_project(root) == [DOCUMENTED, REGISTERED, SUITE_FILE]

    # 2. Document it, every column tagged.
    (root / FOLDER / "_planning__models.yml").write_text(YAML, encoding="utf-8")
    assert check_project(root) == [REGISTERED_CONFIDENTIAL, SUITE_FILE]

    # 3. Register it.
    with (root / "seeds/data_ownership.csv").open("a", encoding="utf-8") as registry:
        registry.write(OWNER_ROW)
    assert check_project(root) == [SUITE_FILE]

    # 4. Add its quality suite.
    (root / "expectations/suites/mart_batch_expiry.py").write_text(SUITE, encoding="utf-8")
    assert check_project(root) == []


def test_an_untagged_column_and_an_understated_registry_row_are_named(project_copy: Path):
    root = project_copy
    (root / FOLDER).mkdir(parents=True)
    (root / FOLDER / "mart_batch_expiry.sql").write_text(MODEL, encoding="utf-8")
    (root / FOLDER / "_planning__models.yml").write_text(
        YAML.replace("        meta: {sensitivity: public}\n", ""), encoding="utf-8"
    )
    with (root / "seeds/data_ownership.csv").open("a", encoding="utf-8") as registry:
        registry.write(OWNER_ROW.replace("confidential", "internal"))
    (root / "expectations/suites/mart_batch_expiry.py").write_text(SUITE, encoding="utf-8")

    assert check_project(root) == [
        "mart_batch_expiry: meta.sensitivity (public|internal|confidential) on product_id",
        "mart_batch_expiry: registered internal in seeds/data_ownership.csv but "
        "write_off_value is confidential: register it confidential",
    ]


def test_a_registry_row_of_a_removed_mart_is_named(project_copy: Path):
    (project_copy / "dbt_project/models/marts/serving/mart_kpi_alerts.sql").unlink()

    assert check_project(project_copy) == [
        "seeds/data_ownership.csv: mart row mart_kpi_alerts has no model under "
        "dbt_project/models/marts",
        "expectations/suites/mart_kpi_alerts.py: validates no declared entity's staging model "
        "nor a mart",
    ]
