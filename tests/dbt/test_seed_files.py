"""Seed files load on every engine the models run on."""

from __future__ import annotations

from settings.paths import SEEDS_DIR


def test_no_seed_value_holds_a_single_quote():
    # dbt-spark's session cursor inlines seed values into its INSERT without escaping them:
    # one apostrophe ("the PO date's rate") fails the whole seed, and everything below it.
    offenders = [
        f"{path.relative_to(SEEDS_DIR)}:{number}"
        for path in sorted(SEEDS_DIR.rglob("*.csv"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if "'" in line
    ]

    assert offenders == []


def test_seed_column_types_are_ones_every_engine_takes():
    # Spark refuses a VARCHAR without a length ("DATATYPE_MISSING_SIZE") and fails the seed and
    # everything below it; `string` is text on DuckDB and Spark alike.
    import yaml

    portable = {"string", "integer", "bigint", "double", "date", "boolean", "timestamp"}
    found = {
        f"{path.relative_to(SEEDS_DIR)}:{seed['name']}.{column}": kind
        for path in sorted(SEEDS_DIR.rglob("*.yml"))
        for seed in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("seeds", [])
        for column, kind in ((seed.get("config") or {}).get("column_types") or {}).items()
    }

    assert found, "no seed declares column types: the test reads the wrong key"
    assert {name: kind for name, kind in found.items() if kind.lower() not in portable} == {}
