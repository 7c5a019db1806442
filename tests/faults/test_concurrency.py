"""Two commands on one data home take turns; a dead run's leftover claim blocks nothing."""

from __future__ import annotations

import re

import dagster as dg
import pytest

from tests.faults.harness import PROJECT, RUN_TIMEOUT, mart_checksums, start

pytestmark = [pytest.mark.faults, pytest.mark.slow]


def test_two_runs_started_together_both_succeed_one_after_the_other(clean, tmp_path):
    env = clean.env(tmp_path / "home")

    first, second = start("run", env=env), start("run", env=env)
    results = {first.proc.pid: first.finish(), second.proc.pid: second.finish()}

    for pid, (code, output) in results.items():
        assert code == 0, f"pid {pid}:\n{output[-3000:]}"
    waited = [
        pid
        for pid, (_, output) in results.items()
        if re.search(
            r"waiting for the warehouse session lock held by pid \d+ \(chainseg run\)", output
        )
    ]
    assert len(waited) == 1, results
    (other,) = set(results) - set(waited)
    assert f"held by pid {other} (chainseg run)" in results[waited[0]][1]
    assert mart_checksums(tmp_path / "home" / "warehouse.duckdb") == clean.marts


def test_check_during_a_run_waits_its_turn(clean, tmp_path):
    home = clean.copy_home(tmp_path / "home")
    env = clean.env(home)

    run = start("run", env=env)
    assert run.wait_for_line(re.compile(r"^  transform: dbt_core …$")) is not None
    check = start("check", env=env)
    check_code, check_output = check.finish()
    run_code, run_output = run.finish()

    assert run_code == 0, run_output[-3000:]
    assert check_code == 0, check_output[-3000:]
    assert (
        f"waiting for the warehouse session lock held by pid {run.proc.pid} (chainseg run)"
        in check_output
    )
    assert "quality gate passed" in check_output


def test_a_killed_runs_leftover_claim_does_not_block_the_next_run(clean, tmp_path, monkeypatch):
    home = clean.copy_home(tmp_path / "home")
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
