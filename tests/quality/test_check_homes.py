"""Each kind of check has one home: keys and not-null are dbt tests, business rules are suites.

Keys, not-null columns and plain foreign keys are dbt data tests in the models' YAML
(``primary_key``, ``unique``, ``not_null``, ``not_null_columns``,
``unique_combination_of_columns``, ``relationships``): dbt runs them
on every build and ``chainseg check`` gates on them. Cross-table and business invariants
(conservation, segment rules, accepted values of a business classification, tolerated shares
of orphans) are Great Expectations suites. A check stated in both places is stated twice,
and the two copies drift apart (severities already had).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from expectations.registry import suite_specs

DBT_PROJECT = Path(__file__).resolve().parents[2] / "dbt_project"
SEEDS = DBT_PROJECT.parent / "seeds"

#: The dbt tests that are keys, not-null columns and foreign keys: dbt's home.
KEY_TESTS = {
    "primary_key",
    "unique",
    "not_null",
    "not_null_columns",
    "unique_combination_of_columns",
    "relationships",
}

#: GX expectation types that only restate a key or a not-null column.
KEY_EXPECTATIONS = {
    "expect_column_values_to_be_unique",
    "expect_compound_columns_to_be_unique",
    "expect_select_column_values_to_be_unique_within_record",
    "expect_column_values_to_not_be_null",
}

#: ``expectations.custom.references`` describes a foreign key as "col references parent.col".
REFERENCE = re.compile(r"^[\w/]+ references [\w.]+\.[\w/]+")

SUITES = suite_specs()


def _test_name(test: Any) -> str:
    return test if isinstance(test, str) else next(iter(test))


def _dbt_tests() -> dict[str, list[tuple[str | None, str, Any]]]:
    """Per model or seed: (column or None for model-level, test name, test definition)."""
    found: dict[str, list[tuple[str | None, str, Any]]] = {}
    for path in [*DBT_PROJECT.glob("models/**/*.yml"), *SEEDS.glob("**/*.yml")]:
        document = yaml.safe_load(path.read_text()) or {}
        for node in [*document.get("models", []), *document.get("seeds", [])]:
            tests = found.setdefault(node["name"], [])
            for test in node.get("data_tests", []) + node.get("tests", []):
                tests.append((None, _test_name(test), test))
            for column in node.get("columns", []):
                for test in column.get("data_tests", []) + column.get("tests", []):
                    tests.append((column["name"], _test_name(test), test))
    return found


@pytest.fixture(scope="module")
def dbt_tests() -> dict[str, list[tuple[str | None, str, Any]]]:
    return _dbt_tests()


@pytest.mark.parametrize("spec", SUITES, ids=lambda s: s.name)
def test_no_suite_restates_a_key_a_not_null_column_or_a_plain_foreign_key(spec):
    suite = spec.build()

    restated = [
        f"{e.expectation_type}({getattr(e, 'column', None) or getattr(e, 'column_list', '')})"
        if e.expectation_type in KEY_EXPECTATIONS
        else e.description
        for e in suite.expectations
        if (e.expectation_type in KEY_EXPECTATIONS or REFERENCE.match(e.description or ""))
        # A tolerated share ("at least 95 % resolve") is a business rule, not a key.
        and float(getattr(e, "mostly", 1) or 1) >= 1
    ]

    assert restated == [], "state these as dbt tests in the model's YAML"


@pytest.mark.parametrize("spec", SUITES, ids=lambda s: s.name)
def test_a_suite_dataset_has_only_key_and_not_null_dbt_tests(spec, dbt_tests):
    business_rules = [
        f"{column or '(model)'}: {name}"
        for column, name, _ in dbt_tests.get(spec.name, [])
        if name not in KEY_TESTS
    ]

    assert business_rules == [], f"state these in expectations/suites/{spec.name}.py"


@pytest.mark.parametrize("spec", SUITES, ids=lambda s: s.name)
def test_the_suite_key_is_a_dbt_key(spec, dbt_tests):
    key = list(spec.build().meta["key_columns"])
    tests = dbt_tests.get(spec.name, [])

    def arguments(name: str) -> list[dict[str, list[str]]]:
        return [test[name]["arguments"] for _, found, test in tests if found == name]

    not_null = (
        {column for column, name, _ in tests if name == "not_null"}
        | {column for args in arguments("not_null_columns") for column in args["columns"]}
        | {
            column
            for args in arguments("primary_key")
            for column in [*args["columns"], *args.get("not_null", [])]
        }
    )
    unique_keys = (
        [[column] for column, name, _ in tests if name == "unique"]
        + [
            list(args["combination_of_columns"])
            for args in arguments("unique_combination_of_columns")
        ]
        + [list(args["columns"]) for args in arguments("primary_key")]
    )

    assert set(key) <= not_null
    assert key in unique_keys


def test_no_singular_dbt_test_checks_a_suite_dataset():
    suite_datasets = {spec.name for spec in SUITES}
    singular = [
        path
        for path in (DBT_PROJECT / "tests").glob("**/*.sql")
        if "generic" not in path.relative_to(DBT_PROJECT / "tests").parts
    ]

    offending = [
        f"{path.name} -> {name}"
        for path in singular
        for name in re.findall(r"ref\(\s*['\"](\w+)['\"]\s*\)", path.read_text())
        if name in suite_datasets
    ]

    assert offending == []
