"""Recovery without a hand: what a dead run left on the Dagster instance is released.

A run killed with SIGKILL (or by the OOM killer, or a reboot) never reports its end: the
instance keeps it STARTED and keeps its claims on the ``warehouse`` pool, and every later step
of that pool would wait for them forever. At the start of ``chainseg run`` and ``chainseg check``
the runs that are not finished are examined; a run whose process is gone is marked failed and
its pool slots are freed, through the instance's own APIs, with one line each.

Which process ran a run: ``chainseg run`` records its pid, host and the process start time as
run tags (:func:`launch_tags`); a run launched from the UI (Dagster's default run launcher)
reports its worker's pid in the engine event "Started process for run (pid: N)". A run on
another host, or one that recorded no pid, is left alone (named, so the user can act).
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from pathlib import Path

PID_TAG = "chainseg/pid"
HOST_TAG = "chainseg/host"
#: the process's start time (clock ticks since boot), so a reused pid is not taken for the run
START_TAG = "chainseg/pid_start"


def _process_start(pid: int) -> str | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # the command name (field 2) may hold spaces; fields after it are plain
    return stat.rsplit(")", 1)[1].split()[19]


def launch_tags() -> dict[str, str]:
    """Tags naming this process, for the runs it executes."""
    tags = {PID_TAG: str(os.getpid()), HOST_TAG: socket.gethostname()}
    start = _process_start(os.getpid())
    if start:
        tags[START_TAG] = start
    return tags


def process_alive(pid: int, start: str | None = None) -> bool:
    """Whether process ``pid`` of this host runs (and is the one started at ``start``)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # exists, owned by someone else
    if start is not None:
        now = _process_start(pid)
        if now is not None and now != start:
            return False  # the pid was reused by a later process
        if now is not None and _is_zombie(pid):
            return False
    elif _is_zombie(pid):
        return False
    return True


def _is_zombie(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] == "Z"


def _run_process(instance, run) -> tuple[int | None, str | None, str | None]:  # type: ignore[no-untyped-def]
    """(pid, host, start) of the process executing ``run``; host None means this host."""
    tags = run.tags
    if PID_TAG in tags:
        host = tags.get(HOST_TAG)
        elsewhere = None if host in (None, socket.gethostname()) else host
        return int(tags[PID_TAG]), elsewhere, tags.get(START_TAG)
    from dagster import DagsterEventType

    # the default run launcher's worker: "Started process for run (pid: N)"
    for record in instance.all_logs(run.run_id, of_type=DagsterEventType.ENGINE_EVENT):
        data = record.dagster_event.event_specific_data if record.dagster_event else None
        pid = getattr(data, "metadata", {}).get("pid") if data else None
        if pid is not None:
            return int(pid.value), None, None
    return None, None, None


def _claims(instance) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    """Run id → the pools it holds a slot of (or waits for)."""
    storage = instance.event_log_storage
    held: dict[str, list[str]] = {}
    if not storage.supports_global_concurrency_limits:
        return held
    for pool in sorted(storage.get_concurrency_keys()):
        info = storage.get_concurrency_info(pool)
        for slot in info.claimed_slots:
            held.setdefault(slot.run_id, []).append(pool)
        for step in info.pending_steps:
            held.setdefault(step.run_id, [])
    return held


def release_dead_runs(instance, say: Callable[[str], None] = print) -> list[str]:  # type: ignore[no-untyped-def]
    """Mark the unfinished runs of dead processes failed and free what they hold; also free
    the slots still held by runs that already ended. Returns the run ids released."""
    from dagster import DagsterRunStatus, RunsFilter

    unfinished = [
        DagsterRunStatus.NOT_STARTED,
        DagsterRunStatus.QUEUED,
        DagsterRunStatus.STARTING,
        DagsterRunStatus.STARTED,
        DagsterRunStatus.CANCELING,
    ]
    claims = _claims(instance)
    released: list[str] = []
    for run in instance.get_runs(filters=RunsFilter(statuses=unfinished)):
        pid, host, start = _run_process(instance, run)
        if pid is None:
            if run.status in (DagsterRunStatus.QUEUED, DagsterRunStatus.NOT_STARTED):
                continue  # waits for the run queue (the UI's daemon); holds nothing
            say(
                f"run {run.run_id} ({run.job_name}) is {run.status.value} but recorded no "
                "process id; left alone (terminate it in `chainseg ui` if it is dead)"
            )
            continue
        if host is not None:
            say(
                f"run {run.run_id} ({run.job_name}) runs on host {host} (pid {pid}); "
                "cannot tell whether it is alive here, left alone"
            )
            continue
        if process_alive(pid, start):
            continue
        instance.report_run_failed(
            run,
            message=f"The process of this run (pid {pid}) is gone (killed or crashed); "
            "marked failed by the next chainseg command.",
        )
        pools = _free(instance, run.run_id, claims)
        for pool in pools:
            say(f"released the {pool} slot of dead run {run.run_id} (pid {pid})")
        if not pools:
            say(f"marked dead run {run.run_id} ({run.job_name}, pid {pid}) as failed")
        released.append(run.run_id)
    # slots of runs that ended (or were deleted) without giving them back
    for run_id in sorted(set(claims) - set(released)):
        run = instance.get_run_by_id(run_id)
        if run is None or run.is_finished:
            for pool in _free(instance, run_id, claims):
                state = "deleted" if run is None else run.status.value.lower()
                say(f"released the {pool} slot of {state} run {run_id}")
            released.append(run_id)
    return released


def _free(instance, run_id: str, claims: dict[str, list[str]]) -> list[str]:  # type: ignore[no-untyped-def]
    if run_id not in claims:
        return []
    instance.event_log_storage.free_concurrency_slots_for_run(run_id)
    return claims[run_id]


def live_pool_holders(instance, pool: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Who holds ``pool``'s slots now, one phrase each ("run <id> (job, pid N)")."""
    storage = instance.event_log_storage
    if not storage.supports_global_concurrency_limits or pool not in storage.get_concurrency_keys():
        return []
    info = storage.get_concurrency_info(pool)
    if info.limit is None or len(info.claimed_slots) < info.limit:
        return []
    holders = []
    for run_id in sorted({slot.run_id for slot in info.claimed_slots}):
        run = instance.get_run_by_id(run_id)
        pid = _run_process(instance, run)[0] if run else None
        job = run.job_name if run else "deleted run"
        holders.append(f"run {run_id} ({job}{f', pid {pid}' if pid else ''})")
    return holders


def wait_for_pool(instance, pool: str, timeout: float | None = None) -> None:  # type: ignore[no-untyped-def]
    """Wait (saying for whom, up to ``CHAINSEG_LOCK_TIMEOUT``) while live runs fill ``pool``."""
    from settings.lock import wait_for

    wait_for(
        f"the {pool} pool slot",
        lambda: ", ".join(live_pool_holders(instance, pool)) or None,
        timeout,
    )
