"""The seeded kill suite: `chainseg run` killed with SIGKILL anywhere, the next run recovers.

Ten kill points spread over ingestion (three entity steps), dbt (twice in the core step, twice
in the marts step) and the quality checks (three suites), chosen by ``CHAINSEG_FAULT_SEED``
(default 20) among the steps the clean run printed, each at a seeded moment inside its step.
The whole process group is killed (the command and its dbt subprocess). After each kill the
next `chainseg run`, with no manual step, exits 0, names the dead run and every pool slot it
left claimed as released (and none is left), and every
mart equals the clean run's (order-independent checksums). Publication does not exist yet
(issue 13): when it does, its steps join the plan.

Ingest kills start from an empty warehouse each; transform kills share one data home where
everything is loaded (a copy of the clean run's), killed and recovered in turn.
"""

from __future__ import annotations

import contextlib
import os
import queue
import random
import re
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.faults.harness import PROJECT, RUN_TIMEOUT, mart_checksums, start

pytestmark = [pytest.mark.faults, pytest.mark.slow]

SEED = int(os.environ.get("CHAINSEG_FAULT_SEED", "20"))
POINTS = 10
#: a recovery that waits instead of releasing fails in minutes, not at the lock's default
FAULT_ENV = {"CHAINSEG_LOCK_TIMEOUT": "300"}


@dataclass(frozen=True)
class KillPoint:
    phase: str  # ingest | dbt | quality
    label: str  # the progress label: ingest | transform
    step: str
    fraction: float  # of the step's clean duration, waited after its start line

    def __str__(self) -> str:
        return f"{self.phase}: {self.step} +{self.fraction:.0%}"


def kill_plan(steps: list[str], seed: int) -> list[KillPoint]:
    rng = random.Random(seed)
    ingest = [s for s in steps if s.startswith("raw__")]
    checks = [s for s in steps if s.endswith("_quality")]
    plan = [KillPoint("ingest", "ingest", s, rng.uniform(0, 0.8)) for s in rng.sample(ingest, 3)]
    plan += [KillPoint("dbt", "transform", "dbt_core", rng.uniform(0, 0.8)) for _ in range(2)]
    plan += [KillPoint("dbt", "transform", "dbt_marts", rng.uniform(0, 0.8)) for _ in range(2)]
    plan += [
        KillPoint("quality", "transform", s, rng.uniform(0, 0.8)) for s in rng.sample(checks, 3)
    ]
    assert len(plan) == POINTS
    return plan


def pool_claims(home: Path) -> set[str]:
    """Runs holding a slot of the warehouse pool in this home's Dagster instance."""
    import dagster as dg

    before = os.environ.get("CHAINSEG_DAGSTER_STORAGE")
    os.environ["CHAINSEG_DAGSTER_STORAGE"] = str(home / "dagster")
    try:
        with dg.DagsterInstance.from_config(str(PROJECT)) as instance:
            storage = instance.event_log_storage
            if "warehouse" not in storage.get_concurrency_keys():
                return set()
            return {s.run_id for s in storage.get_concurrency_info("warehouse").claimed_slots}
    finally:
        if before is None:
            os.environ.pop("CHAINSEG_DAGSTER_STORAGE")
        else:
            os.environ["CHAINSEG_DAGSTER_STORAGE"] = before


@pytest.fixture(scope="module")
def plan(clean) -> list[KillPoint]:
    return kill_plan(clean.steps, SEED)


@pytest.fixture(scope="module")
def built_home(clean, tmp_path_factory) -> Path:
    """One home, everything loaded, for the transform kills (each leaves it recovered)."""
    return clean.copy_home(tmp_path_factory.mktemp("kills") / "built")


def test_the_plan_spreads_over_ingest_dbt_and_quality(plan):
    assert len(plan) >= 10
    assert {p.phase for p in plan} == {"ingest", "dbt", "quality"}
    assert {p.step for p in plan if p.phase == "dbt"} == {"dbt_core", "dbt_marts"}


@pytest.mark.parametrize("index", range(POINTS))
def test_a_run_killed_anywhere_is_recovered_by_the_next_run(
    index, plan, clean, built_home, tmp_path, capsys
):
    point = plan[index]
    home = tmp_path / "home" if point.phase == "ingest" else built_home
    env = clean.env(home, **FAULT_ENV)
    if point.phase != "ingest":
        clean.forget_built_inputs(home)
    started = time.monotonic()

    victim = start("run", env=env)
    line = victim.wait_for_line(re.compile(rf"^  {point.label}: {re.escape(point.step)} …$"))
    assert line is not None, f"the run ended before {point}:\n" + "\n".join(victim.seen[-20:])
    time.sleep(point.fraction * clean.seconds.get(point.step, 1.0))
    victim.kill()
    with contextlib.suppress(queue.Empty):  # what it printed before it died
        while (rest := victim.lines.get(timeout=10)) is not None:
            victim.seen.append(rest)
    killed_after = victim.seen[-1]
    leftover = pool_claims(home)

    code, output = start("run", env=env).finish(timeout=RUN_TIMEOUT)

    assert code == 0, output[-3000:]
    released = [line for line in output.splitlines() if "dead run" in line]
    # a step that ran faster than in the clean run may have ended before the kill: the victim
    # then died between two Dagster runs and left no started run behind to release
    step_ended = any(f"{point.step} done" in seen for seen in victim.seen)
    if not step_ended:
        assert any(f"pid {victim.proc.pid})" in line for line in released), output[:3000]
    for run_id in leftover:  # a claim the dead run left on the pool, released by name
        assert f"released the warehouse slot of dead run {run_id} " in output, output[:3000]
    assert pool_claims(home) == set()
    assert mart_checksums(home / "warehouse.duckdb") == clean.marts
    with capsys.disabled():
        print(
            f"\n  kill {index + 1}/{POINTS} (seed {SEED}) at {point} — last line "
            f"{killed_after.strip()!r}; recovered: {'; '.join(released)} "
            f"[{time.monotonic() - started:.0f} s]",
            flush=True,
        )
