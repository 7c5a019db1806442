"""Two commands on one data home take turns; a dead run's leftover claim blocks nothing."""

from __future__ import annotations

import contextlib
import queue
import re
import time

import dagster as dg
import pytest

from tests.faults.harness import PROJECT, RUN_TIMEOUT, Running, mart_checksums, start

pytestmark = [pytest.mark.faults, pytest.mark.slow]


def test_two_runs_and_a_check_started_together_all_succeed_one_after_the_other(clean, tmp_path):
    """Two `chainseg run` at once on one data home, and a `chainseg check` started while the
    first builds the models: all exit 0, and the waiters say for whom they waited."""
    home = tmp_path / "home"
    env = clean.env(home)

    runs = {r.proc.pid: r for r in (start("run", env=env), start("run", env=env))}
    holder = _first_to_build(runs)
    check = start("check", env=env)
    results = {pid: r.finish() for pid, r in runs.items()}
    check_code, check_output = check.finish()

    for pid, (code, output) in results.items():
        assert code == 0, f"pid {pid}:\n{output[-3000:]}"
    waiting = re.compile(
        r"waiting for the warehouse session lock held by pid (\d+) \(chainseg run\)"
    )
    waited = {pid: m[1] for pid, (_, output) in results.items() if (m := waiting.search(output))}
    assert waited == {pid: str(holder) for pid in runs if pid != holder}, results
    assert check_code == 0, check_output[-3000:]
    assert f"session lock held by pid {holder} (chainseg run)" in check_output
    assert "quality gate passed" in check_output
    assert mart_checksums(home / "warehouse.duckdb") == clean.marts


def _first_to_build(runs: dict[int, Running]) -> int:
    """The pid of the run that prints "transform: dbt_core …" first (the lock's holder)."""
    deadline = time.monotonic() + RUN_TIMEOUT
    while time.monotonic() < deadline:
        for pid, running in runs.items():
            with contextlib.suppress(queue.Empty):
                line = running.lines.get(timeout=0.2)
                if line is None:
                    running.lines.put(None)  # for finish()
                    time.sleep(0.2)
                    continue
                running.seen.append(line)
                if line == "  transform: dbt_core …":
                    return pid
    raise TimeoutError("no run reached dbt_core")


def test_a_killed_runs_leftover_claim_does_not_block_the_next_run(clean, tmp_path, monkeypatch):
    home = clean.copy_home(tmp_path / "home")
    clean.forget_built_inputs(home)
    env = clean.env(home, CHAINSEG_LOCK_TIMEOUT="120")

    victim = start("run", env=env)
    assert victim.wait_for_line(re.compile(r"^  transform: dbt_core …$")) is not None
    victim.kill()

    # the leftover: a run still STARTED, holding the warehouse pool's only slot
    monkeypatch.setenv("CHAINSEG_DAGSTER_STORAGE", str(home / "dagster"))
    with dg.DagsterInstance.from_config(str(PROJECT)) as instance:
        info = instance.event_log_storage.get_concurrency_info("warehouse")
        holders = {slot.run_id for slot in info.claimed_slots}
        assert len(holders) == 1
        (dead,) = holders
        assert instance.get_run_by_id(dead).status == dg.DagsterRunStatus.STARTED

    code, output = start("run", env=env).finish(timeout=RUN_TIMEOUT)

    assert code == 0, output[-3000:]
    assert f"released the warehouse slot of dead run {dead} (pid {victim.proc.pid})" in output
    assert mart_checksums(home / "warehouse.duckdb") == clean.marts
