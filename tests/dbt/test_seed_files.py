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
