"""Every sum and mean over non-integer values goes through macros/exact_sums.sql, so a rerun
with any number of DuckDB threads reproduces every table bit for bit; a plain ``sum()`` is
left only where it counts rows or 0/1 flags, or adds a DECIMAL or integer column (exact
already; the line says so with ``-- exact: decimal`` or ``-- exact: integer``)."""

from __future__ import annotations

import re

from settings.paths import DBT_PROJECT_DIR

AGGREGATE = re.compile(r"\b(sum|avg|stddev_pop|stddev_samp|stddev|variance|var_pop)\(", re.I)
#: what a plain sum may add up: a count of rows or of 0/1 flags
COUNTING = re.compile(r"sum\((rows_\w+|\s*case when [^()]*? then [01] else [01] end)\)", re.I)


def plain_aggregates() -> list[str]:
    found = []
    for path in sorted((DBT_PROJECT_DIR / "models").rglob("*.sql")):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            code, _, comment = line.partition("--")
            if comment.strip() in ("exact: decimal", "exact: integer"):
                continue
            for match in AGGREGATE.finditer(code):
                if not COUNTING.match(code, match.start()):
                    found.append(f"{path.relative_to(DBT_PROJECT_DIR)}:{number}: {line.strip()}")
    return found


def test_no_model_adds_floating_values_in_thread_order():
    assert plain_aggregates() == []
