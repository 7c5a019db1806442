"""The suite files themselves: one per staging model and mart of the contract, each well formed."""

from __future__ import annotations

import subprocess
import sys

import pytest

from expectations.ownership import mart_models
from expectations.registry import suite_specs
from ingestion.entities import ENTITIES

#: One suite per source entity (the staging model(s) declared with it) and per mart.
STAGING_MODELS = {model for entity in ENTITIES for model in entity.staging_models}


def test_one_suite_per_staging_model_and_mart_and_one_for_ownership():
    names = {spec.name for spec in suite_specs()}

    assert names == STAGING_MODELS | set(mart_models()) | {"data_ownership"}


@pytest.mark.parametrize("spec", suite_specs(), ids=lambda s: s.name)
def test_suite_builds_with_a_severity_on_every_expectation(spec):
    suite = spec.build()

    assert suite.name == spec.name
    assert suite.expectations
    severities = {str(getattr(e.severity, "value", e.severity)) for e in suite.expectations}
    assert severities <= {"critical", "warning"}
    assert "critical" in severities  # every suite can block
    assert suite.meta["key_columns"]


def test_unknown_suite_name_is_an_error():
    with pytest.raises(KeyError, match="unknown quality suite"):
        suite_specs(["stg_erp__nonsense"])


def test_importing_gx_under_python_c_does_not_silently_exit():
    # With pyspark installed, GX's import would ``sys.exit(0)`` a ``python -c`` process.
    code = "import expectations, great_expectations; print('validated')"

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)

    assert done.stdout.strip() == "validated", done.stderr[-500:]
