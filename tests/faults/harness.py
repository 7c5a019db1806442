"""Start `chainseg run` in its own process group, watch its progress lines, kill it with SIGKILL.

Kill points are progress lines ("  transform: dbt_core …") rather than fixed sleeps, so a slower
or faster machine kills at the same place; a seeded delay after the line puts the kill inside
the step.
"""

from __future__ import annotations

import contextlib
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

#: "  ingest: raw__erp__customer …" / "  transform: dbt_core …"
STEP_START = re.compile(r"^  (ingest|transform): (\S+) …$")
PROJECT = Path(__file__).resolve().parents[2]
#: no run may take longer than this: a hang fails the test instead of blocking CI
RUN_TIMEOUT = 900


def environment(home: Path, landing: Path, **extra: str) -> dict[str, str]:
    env = {**os.environ, "CHAINSEG_HOME": str(home), "CHAINSEG_LANDING_DIR": str(landing)}
    env.pop("DAGSTER_HOME", None)
    env.pop("CHAINSEG_WAREHOUSE", None)
    env.update(extra)
    return env


@dataclass
class Running:
    """A `chainseg` process whose output lines arrive on a queue as they are printed."""

    proc: subprocess.Popen[str]
    lines: queue.Queue[str | None] = field(default_factory=queue.Queue)
    seen: list[str] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)

    def _pump(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def wait_for_line(self, pattern: re.Pattern[str], timeout: float = RUN_TIMEOUT) -> str | None:
        """The first new line matching ``pattern`` (None when the process ended first)."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self.lines.get(timeout=max(deadline - time.monotonic(), 0.01))
            except queue.Empty:
                raise TimeoutError(f"no line matching {pattern.pattern} in {timeout} s") from None
            if line is None:
                return None
            self.seen.append(line)
            if pattern.search(line):
                return line

    def kill(self) -> None:
        """SIGKILL the whole process group: the command, its dbt subprocess, everything."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=60)

    def finish(self, timeout: float = RUN_TIMEOUT) -> tuple[int, str]:
        """Exit code and the whole output (stdout and stderr interleaved)."""
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise
        while (line := self.lines.get(timeout=30)) is not None:
            self.seen.append(line)
        return self.proc.returncode, "\n".join(self.seen)


def start(*args: str, env: dict[str, str]) -> Running:
    proc = subprocess.Popen(
        [sys.executable, "-u", "-m", "chainseg.cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        start_new_session=True,  # its own process group, killed as a whole
    )
    running = Running(proc)
    threading.Thread(target=running._pump, daemon=True).start()
    return running


def mart_checksums(warehouse: Path) -> dict[str, tuple[int, int]]:
    """Order-independent (rows, hash sum) of every table of schema ``marts``."""
    conn = duckdb.connect(str(warehouse), read_only=True)
    try:
        tables = [
            t
            for (t,) in conn.execute(
                "select table_name from information_schema.tables "
                "where table_schema = 'marts' and table_type = 'BASE TABLE' order by 1"
            ).fetchall()
        ]
        sums = {}
        for table in tables:
            columns = [
                c
                for (c,) in conn.execute(
                    "select column_name from information_schema.columns where table_schema = "
                    "'marts' and table_name = ? and column_name not in ('_loaded_at', '_load_id') "
                    "order by column_name",
                    [table],
                ).fetchall()
            ]
            listed = ", ".join(f'"{c}"' for c in columns)
            query = f'select {listed} from marts."{table}"'
            rows, digest = conn.execute(
                f"select count(*), sum(hash(t)::hugeint) from ({query}) t"
            ).fetchone()
            sums[table] = (rows, int(digest or 0))
        return sums
    finally:
        conn.close()
