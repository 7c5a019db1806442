"""The segment history's must-shows (issue 17), on a small generated year (12 months):

1. a backfill over the year records 12 monthly periods per entity; rerunning it after a
   rerun killed midway (SIGKILL of its process group) gives the identical history
   (order-independent checksum of every column);
2. the history row of a period P is the segment a run ``--as-of`` P's end computes, and that
   run leaves the history as the backfill wrote it.

``chainseg`` runs in fresh processes (Dagster, dbt) on one data home: about 18 minutes on two
cores, so ``make test-slow`` runs it, not CI.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import duckdb
import pytest

from tests.faults import harness
from tests.pipeline_fixtures import chainseg_cli

pytestmark = pytest.mark.slow

#: a whole year (12 month ends) at a third of the demo's scale, defects on
PARAMS = {"scale": 0.003, "days": 365, "seed": 11}
PERIOD = re.compile(r"backfill: period (\d{4}-\d{2}-\d{2}): \d+ rows recorded")
AS_OF = date(2025, 6, 30)
#: the entity types, their segment mart, key and segment column
MARTS = {
    "product": ("mart_product_segments", "product_id", "product_segment", "sales_value_12m"),
    "supplier": ("mart_supplier_segments", "supplier_id", "kraljic_segment", "spend_12m"),
    "customer": ("mart_customer_segments", "customer_id", "customer_segment", "revenue_12m"),
}


def history_checksum(warehouse: Path) -> tuple[int, int]:
    """(rows, order-independent hash sum over every column) of history.segment_history."""
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        [(rows, digest)] = conn.execute(
            "select count(*), coalesce(sum(hash(h)::hugeint), 0) from history.segment_history as h"
        ).fetchall()
    return int(rows), int(digest)


def ok(proc) -> str:
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return proc.stdout


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    from generator import generate

    root = tmp_path_factory.mktemp("history")
    landing = root / "landing"
    generate(landing, defects="default", **PARAMS)  # type: ignore[arg-type]
    ok(chainseg_cli("run", home=root / "home", landing=landing))
    return root / "home", landing


def test_backfill_is_reproducible_through_reruns_and_kills(home: tuple[Path, Path]) -> None:
    data, landing = home
    warehouse = data / "warehouse.duckdb"

    out = ok(chainseg_cli("history", "backfill", home=data, landing=landing))
    assert "12 period ends 2025-01-31 … 2025-12-31" in out
    assert "segment history: 12 periods recorded (2025-01-31 … 2025-12-31), 12 closed" in out
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        per_type = conn.execute(
            "select entity_type, count(distinct period_end), count(distinct entity_id), "
            "count(*) filter (where not is_period_closed or as_of_date <> period_end) "
            "from history.segment_history group by 1 order by 1"
        ).fetchall()
        # every entity of the master is segmented every month of the year
        per_entity = conn.execute(
            "select entity_type, min(n), max(n) from (select entity_type, entity_id, "
            "count(*) as n from history.segment_history group by 1, 2) group by 1 order by 1"
        ).fetchall()
        migration = conn.execute(
            "select comparison, count(distinct to_period_end) from marts.mart_segment_migration "
            "group by 1 order by 1"
        ).fetchall()
    assert [(t, n, bad) for t, n, _, bad in per_type] == [
        ("customer", 12, 0),
        ("product", 12, 0),
        ("supplier", 12, 0),
    ]
    assert per_entity == [("customer", 12, 12), ("product", 12, 12), ("supplier", 12, 12)]
    assert migration == [("month", 11), ("quarter", 3)]
    clean = history_checksum(warehouse)

    # a rerun of the second half-year, killed after its third period (in the middle of the
    # fourth's build), then a rerun of that range over what it left: the same history as the
    # clean backfill (a range keeps the test short; the kill and the restart are the same)
    second_half = ("--from", "2025-07-31", "--to", "2025-12-31")
    env = harness.environment(data, landing)
    running = harness.start("history", "backfill", *second_half, env=env)
    for _ in range(3):
        assert running.wait_for_line(PERIOD) is not None, "\n".join(running.seen[-30:])
    running.kill()
    out = ok(chainseg_cli("history", "backfill", *second_half, home=data, landing=landing))
    assert "6 period ends 2025-07-31 … 2025-12-31" in out
    assert history_checksum(warehouse) == clean, "a rerun after a kill changed the history"
    assert not list((data / "tmp" / "history").glob("history-backfill-*")), "scratch left"


def test_the_history_of_a_period_is_what_a_run_as_of_its_end_computes(
    home: tuple[Path, Path],
) -> None:
    data, landing = home
    warehouse = data / "warehouse.duckdb"
    if history_checksum(warehouse)[0] == 0 or not _has_period(warehouse, AS_OF):
        ok(chainseg_cli("history", "backfill", home=data, landing=landing))
    before = history_checksum(warehouse)

    out = ok(chainseg_cli("run", "--as-of", AS_OF.isoformat(), home=data, landing=landing))
    assert "segment history: 12 periods recorded" in out

    failures = []
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        assert conn.execute("select as_of_date from intermediate.int_as_of").fetchone() == (AS_OF,)
        for entity_type, (mart, key, segment, value) in MARTS.items():
            mismatched = conn.execute(
                f"select coalesce(m.{key}, h.entity_id), m.{segment}, h.segment, "
                f"m.{value}, h.segment_value "
                f"from marts.{mart} as m full join (select * from history.segment_history "
                f"where entity_type = ? and period_end = ?) as h on m.{key} = h.entity_id "
                f"where m.{segment} is distinct from h.segment "
                f"or m.{value} is distinct from h.segment_value",
                [entity_type, AS_OF],
            ).fetchall()
            failures += [f"{entity_type} {row}" for row in mismatched[:5]]
    assert not failures, "\n".join(failures)
    # the run as of P's end rewrote period P with the same rows and left the others alone
    assert history_checksum(warehouse) == before


def _has_period(warehouse: Path, period: date) -> bool:
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        [(n,)] = conn.execute(
            "select count(*) from history.segment_history where period_end = ?", [period]
        ).fetchall()
    return bool(n)
