"""Recovery without a hand, and waiting that says what it waits for (fast, no pipeline run).

A run whose process died keeps its claim on the ``warehouse`` pool; the next command marks it
failed and frees the slot through the instance's APIs. A live run is never taken for a dead one.
The locks name their holder while a waiter waits, and give up after ``CHAINSEG_LOCK_TIMEOUT``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
import uuid
from pathlib import Path

import pytest

from settings.lock import LockTimeout, writer_lock

PROJECT = Path(__file__).resolve().parents[1]


@pytest.fixture
def instance(tmp_path, monkeypatch):
    import dagster as dg

    monkeypatch.setenv("CHAINSEG_DAGSTER_STORAGE", str(tmp_path / "dagster"))
    with dg.DagsterInstance.from_config(str(PROJECT)) as inst:
        yield inst


def _dead_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def _started_run(instance, tags: dict[str, str]) -> str:
    import dagster as dg

    run_id = str(uuid.uuid4())
    instance.add_run(
        dg.DagsterRun(
            job_name="ingest", run_id=run_id, status=dg.DagsterRunStatus.STARTED, tags=tags
        )
    )
    # as the executor does: the pool gets its default limit (dagster.yaml: one slot)
    instance.event_log_storage.initialize_concurrency_limit_to_default("warehouse")
    claim = instance.event_log_storage.claim_concurrency_slot("warehouse", run_id, "raw__step")
    assert claim.is_claimed
    return run_id


def test_a_dead_runs_claim_is_released_and_the_run_marked_failed(instance):
    import dagster as dg

    from chainseg.recovery import PID_TAG, release_dead_runs

    pid = _dead_pid()
    dead = _started_run(instance, {PID_TAG: str(pid)})
    said: list[str] = []

    assert release_dead_runs(instance, say=said.append) == [dead]

    assert said == [f"released the warehouse slot of dead run {dead} (pid {pid})"]
    assert instance.get_run_by_id(dead).status == dg.DagsterRunStatus.FAILURE
    info = instance.event_log_storage.get_concurrency_info("warehouse")
    assert info.claimed_slots == []
    # the pool is usable again
    assert instance.event_log_storage.claim_concurrency_slot("warehouse", "next", "s").is_claimed


def test_a_live_run_is_left_alone_and_named_as_the_pool_holder(instance):
    import dagster as dg

    from chainseg.recovery import launch_tags, live_pool_holders, release_dead_runs

    live = _started_run(instance, launch_tags())  # this very process: alive
    said: list[str] = []

    assert release_dead_runs(instance, say=said.append) == []

    assert said == []
    assert instance.get_run_by_id(live).status == dg.DagsterRunStatus.STARTED
    assert live_pool_holders(instance, "warehouse") == [f"run {live} (ingest, pid {os.getpid()})"]


def test_a_reused_pid_does_not_keep_a_dead_run_alive(instance):
    from chainseg.recovery import PID_TAG, START_TAG, release_dead_runs

    # this process's pid, but a start time it never had: the run's process is gone
    run = _started_run(instance, {PID_TAG: str(os.getpid()), START_TAG: "1"})

    assert release_dead_runs(instance, say=lambda _: None) == [run]


def test_waiting_for_a_live_pool_holder_times_out_in_one_line(instance):
    from chainseg.recovery import launch_tags, wait_for_pool

    live = _started_run(instance, launch_tags())

    with pytest.raises(LockTimeout, match=f"warehouse pool slot held by run {live}"):
        wait_for_pool(instance, "warehouse", timeout=0.5)


_HOLDER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from settings.lock import announce_as, writer_lock
    announce_as("chainseg run")
    with writer_lock(Path(sys.argv[1])):
        print("held", flush=True)
        time.sleep(float(sys.argv[2]))
""")


def _hold_lock(warehouse: Path, seconds: float) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(warehouse), str(seconds)],
        cwd=PROJECT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    return holder


def test_a_lock_waiter_names_the_holder_and_gets_the_lock_when_it_is_free(tmp_path, capsys):
    warehouse = tmp_path / "warehouse.duckdb"
    holder = _hold_lock(warehouse, 1.5)
    try:
        started = time.monotonic()
        with writer_lock(warehouse, timeout=60):
            waited = time.monotonic() - started
    finally:
        holder.wait(timeout=30)

    err = capsys.readouterr().err.splitlines()
    assert waited > 0.5
    assert err[0].startswith(
        f"chainseg: waiting for the warehouse writer lock held by pid {holder.pid} (chainseg run) …"
    )
    assert err[-1].startswith("chainseg: got the warehouse writer lock after waiting")


def test_a_lock_waiter_gives_up_after_the_timeout(tmp_path, monkeypatch):
    warehouse = tmp_path / "warehouse.duckdb"
    monkeypatch.setenv("CHAINSEG_LOCK_TIMEOUT", "0.5")
    holder = _hold_lock(warehouse, 30)
    try:
        with pytest.raises(LockTimeout) as caught, writer_lock(warehouse):
            pass
    finally:
        holder.kill()
        holder.wait()
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(
        f"gave up waiting for the warehouse writer lock held by pid {holder.pid} (chainseg run)"
    )


def test_a_duckdb_holder_outside_the_lock_is_waited_for(tmp_path, monkeypatch, capsys):
    import duckdb

    from chainseg.preflight import open_warehouse

    warehouse = tmp_path / "warehouse.duckdb"
    duckdb.connect(str(warehouse)).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
            "print('open', flush=True); time.sleep(30)",
            str(warehouse),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        with pytest.raises(LockTimeout, match=rf"held by pid {holder.pid} \("):
            open_warehouse(warehouse, timeout=1)
    finally:
        holder.kill()
        holder.wait()
    assert f"held by pid {holder.pid}" in capsys.readouterr().err
    open_warehouse(warehouse, timeout=5)  # free again: opens at once


def test_a_step_waiting_for_the_pool_says_who_holds_it(instance, tmp_path, capsys, monkeypatch):
    import threading

    import dagster as dg

    from chainseg import run as run_module
    from chainseg.recovery import launch_tags

    monkeypatch.setattr("settings.lock.NOTICE_EVERY", 1.0)

    @dg.op(pool="warehouse")
    def write() -> int:
        return 1

    @dg.job(executor_def=dg.in_process_executor)
    def tiny() -> None:
        write()

    holder = _started_run(instance, launch_tags())
    # the holder lets go once the waiting step has said so (a fixed delay raced the step's
    # start on a loaded machine: the slot was free before the step asked for it)
    said = run_module._Progress._say
    waited = threading.Event()

    def say_then_free(self, line: str) -> None:
        said(self, line)
        if "waiting for the warehouse pool slot" in line and not waited.is_set():
            waited.set()
            instance.event_log_storage.free_concurrency_slots_for_run(holder)

    monkeypatch.setattr(run_module._Progress, "_say", say_then_free)
    # a step that never says it waits still ends (and fails the assertion below), never hangs
    fallback = threading.Timer(
        120, instance.event_log_storage.free_concurrency_slots_for_run, args=(holder,)
    )
    fallback.start()
    try:
        result, _ = run_module._execute(instance, tiny, label="tiny", log_dir=tmp_path)
    finally:
        fallback.cancel()

    assert result.success
    out = capsys.readouterr().out
    assert f"  tiny: write waiting for the warehouse pool slot held by run {holder} (ingest" in out
