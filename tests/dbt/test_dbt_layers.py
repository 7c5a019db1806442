"""The dbt project's layering, read from its parsed manifest: only staging reads the raw
layer, and every data-quality rule model feeds the union the facts read."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.pipeline_fixtures import dbt

#: Where the one model per data-quality rule lives, and the union over them.
DATA_QUALITY_FOLDER = "models/intermediate/data_quality/"
DATA_QUALITY_UNION = "model.chainseg.int_data_quality_checks_counted"


@pytest.fixture(scope="module")
def nodes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The manifest's nodes after ``dbt parse`` (no warehouse needed)."""
    work = tmp_path_factory.mktemp("dbt-parse")
    result = dbt(work / "warehouse.duckdb", "parse")
    assert result.returncode == 0, result.stdout[-2000:]
    manifest = json.loads(Path(work / "dbt_target" / "manifest.json").read_text())
    return manifest["nodes"]


def test_only_staging_reads_the_raw_layer(nodes: dict[str, Any]) -> None:
    readers = {
        key: node["original_file_path"]
        for key, node in nodes.items()
        if any(
            dep.startswith("source.chainseg.raw.")
            for dep in node.get("depends_on", {}).get("nodes", [])
        )
    }
    outside_staging = {k: p for k, p in readers.items() if not p.startswith("models/staging/")}

    assert readers, "no node reads the raw layer: the source name changed?"
    assert outside_staging == {}


def test_the_ingestion_bookkeeping_is_read_through_staging(nodes: dict[str, Any]) -> None:
    bookkeeping = {
        "source.chainseg.raw._file_ledger",
        "source.chainseg.raw._quarantine",
        "source.chainseg.raw._file_rejections",
    }
    readers = {
        node["name"]
        for node in nodes.values()
        if node["resource_type"] == "model" and bookkeeping & set(node["depends_on"]["nodes"])
    }

    assert readers == {
        "stg_ingestion__file_ledger",
        "stg_ingestion__quarantine",
        "stg_ingestion__file_rejections",
    }


def test_every_data_quality_rule_model_feeds_the_union(nodes: dict[str, Any]) -> None:
    rule_models = {
        key
        for key, node in nodes.items()
        if node["resource_type"] == "model"
        and node["original_file_path"].startswith(DATA_QUALITY_FOLDER)
        and key != DATA_QUALITY_UNION
    }

    assert len(rule_models) >= 13
    read = nodes[DATA_QUALITY_UNION]["depends_on"]["nodes"]
    assert {key for key in read if key.startswith("model.")} == rule_models


#: The line-level facts the trailing-window models read only through pre-aggregated
#: summaries (operations.md §Performance), with the summaries allowed to read each.
SUMMARISED_FACTS = {
    "model.chainseg.fct_pos_sales_lines": {
        "model.chainseg.int_pos_sell_out_week",
        "model.chainseg.int_pos_sell_out_day",
    },
}

#: The trailing-window models that read a summary in place of the line facts it summarises.
SUMMARY_READERS = {
    "model.chainseg.int_product_sales_abc": (
        "model.chainseg.int_sales_order_lines_day",
        "model.chainseg.fct_sales_order_lines",
    ),
    "model.chainseg.int_product_daily_demand": (
        "model.chainseg.int_sales_order_lines_day",
        "model.chainseg.fct_sales_order_lines",
    ),
}


@pytest.mark.parametrize("fact", sorted(SUMMARISED_FACTS))
def test_only_the_summaries_read_the_summarised_line_facts(
    nodes: dict[str, Any], fact: str
) -> None:
    readers = {
        key
        for key, node in nodes.items()
        if node["resource_type"] == "model" and fact in node["depends_on"]["nodes"]
    }

    assert readers == SUMMARISED_FACTS[fact]


@pytest.mark.parametrize("model", sorted(SUMMARY_READERS))
def test_trailing_window_models_read_the_summary_not_the_lines(
    nodes: dict[str, Any], model: str
) -> None:
    summary, lines = SUMMARY_READERS[model]
    depends_on = set(nodes[model]["depends_on"]["nodes"])

    assert (summary in depends_on, lines in depends_on) == (True, False)


def _checked_model(test: dict[str, Any]) -> str | None:
    """The model a data test is a Dagster asset check on: a generic test's attached node, a
    singular test's only parent, or the model its ``meta.dagster.ref`` names (dagster-dbt's
    rule); ``None``: dagster-dbt would log it as an observation, never a check."""
    if test.get("attached_node"):
        return test["attached_node"]
    parents = test["depends_on"]["nodes"]
    if len(parents) == 1:
        return parents[0]
    ref = (test["config"].get("meta") or {}).get("dagster", {}).get("ref", {})
    return f"model.chainseg.{ref['name']}" if ref else None


def test_every_data_test_is_a_check_on_one_model(nodes: dict[str, Any]) -> None:
    tests = [key for key, node in nodes.items() if node["resource_type"] == "test"]

    assert [key for key in tests if _checked_model(nodes[key]) is None] == []


def test_every_data_test_reads_only_what_its_model_is_built_from(nodes: dict[str, Any]) -> None:
    """A run that leaves unchanged nodes out runs a test whose parents are all built or upstream
    of what is built (``DBT_INDIRECT_SELECTION=buildable``, orchestration/defs/dbt.py). A
    relationship to a node outside its model's lineage (a register seed, a dimension read
    through another) would be dropped from such a run while Dagster waits for its check: a
    blocking check that gates nothing. Such a parent is declared upstream (``-- depends_on``)."""

    def upstream(key: str, found: set[str]) -> set[str]:
        for parent in nodes.get(key, {}).get("depends_on", {}).get("nodes", []):
            if parent not in found:
                found.add(parent)
                upstream(parent, found)
        return found

    outside = {
        key: sorted(set(node["depends_on"]["nodes"]) - {model} - upstream(model, set()))
        for key, node in nodes.items()
        if node["resource_type"] == "test" and (model := _checked_model(node))
    }

    assert {key: parents for key, parents in outside.items() if parents} == {}


def test_a_key_whose_columns_are_all_required_is_one_primary_key_test(
    nodes: dict[str, Any],
) -> None:
    """A key test and a not-null test on the same model read the same rows on a daily run; as
    one ``primary_key`` test they cost one dbt node and one check instead of two
    (``tests/generic/primary_key.sql``). A key may stay its own test when one of its columns
    may be null, or when it is a second key of a model that has a primary key."""
    keys: dict[str, list[list[str]]] = {}
    required: dict[str, set[str]] = {}
    with_primary_key: set[str] = set()
    for node in nodes.values():
        test, model = node.get("test_metadata") or {}, node.get("attached_node")
        arguments = test.get("kwargs", {})
        if test.get("name") == "unique":
            keys.setdefault(model, []).append([arguments["column_name"]])
        elif test.get("name") == "unique_combination_of_columns":
            keys.setdefault(model, []).append(list(arguments["combination_of_columns"]))
        elif test.get("name") == "not_null" and node["config"]["severity"].lower() == "error":
            required.setdefault(model, set()).add(arguments["column_name"])
        elif test.get("name") == "not_null_columns":
            required.setdefault(model, set()).update(arguments["columns"])
        elif test.get("name") == "primary_key":
            with_primary_key.add(model)
            required.setdefault(model, set()).update(
                [*arguments["columns"], *arguments.get("not_null", [])]
            )

    to_merge = {
        model: key
        for model, found in keys.items()
        for key in found
        if model not in with_primary_key and set(key) <= required.get(model, set())
    }

    assert to_merge == {}
