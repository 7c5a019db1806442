"""The single-writer rule every writer of the warehouse obeys, and how a waiter says it waits.

DuckDB allows one writer per file, and even a read-only reader locks writers out. Two file
locks beside the warehouse keep its users apart:

- the **writer lock** (``<warehouse>.lock``), held by every step or command for as long as it
  has the file open: ingestion and dbt steps, the quality checks, ``chainseg check``;
- the **session lock** (``<warehouse>.session.lock``), held by ``chainseg run`` and
  ``chainseg check`` for their whole duration, so that two commands on one data home run one
  after the other instead of interleaving their steps (runs launched from the UI take only
  the writer lock, step by step, in the order pool slot → writer lock, so no cycle forms).

The holder writes its pid, host and command into the lock file; a waiter prints one line every
few seconds naming the holder, and gives up after ``CHAINSEG_LOCK_TIMEOUT`` seconds (default
30 minutes) with :class:`LockTimeout`, a one-line error the command line prints as such.
"""

from __future__ import annotations

import fcntl
import os
import socket
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

from settings.environment import number_setting

#: seconds a waiter waits before giving up (``CHAINSEG_LOCK_TIMEOUT`` overrides)
DEFAULT_TIMEOUT = 1800.0
#: seconds between two "waiting for …" lines
NOTICE_EVERY = 5.0
#: seconds between two attempts
POLL = 0.2

_command: str | None = None


class LockTimeout(TimeoutError):
    """Gave up waiting for a lock or for the warehouse; the message is one line."""


def announce_as(command: str) -> None:
    """Name this process in the lock files it holds (the command line calls it once)."""
    global _command
    _command = command


def _this_command() -> str:
    if _command:
        return _command
    argv = [os.path.basename(sys.argv[0] or "python"), *sys.argv[1:]]
    text = " ".join(argv)
    return text if len(text) <= 80 else text[:79] + "…"


def lock_timeout(env: dict[str, str] | None = None) -> float:
    """``CHAINSEG_LOCK_TIMEOUT`` in seconds (default 1800)."""
    return number_setting(
        "CHAINSEG_LOCK_TIMEOUT",
        DEFAULT_TIMEOUT,
        parse=float,
        minimum=0.0,
        expected="a number of seconds",
        env=env,
    )


class Waiter:
    """Says what is waited for (at once, then every ``NOTICE_EVERY`` seconds) and raises
    :class:`LockTimeout` once ``timeout`` seconds have passed. Call :meth:`tick` between two
    failed attempts and :meth:`done` after the one that succeeded."""

    def __init__(self, what: str, timeout: float | None = None) -> None:
        self.what = what
        self.timeout = lock_timeout() if timeout is None else timeout
        self.started = time.monotonic()
        self.last_notice: float | None = None
        self.waited = False

    def tick(self, holder: str) -> None:
        now = time.monotonic()
        waited = now - self.started
        held = f" held by {holder}" if holder else ""
        if waited >= self.timeout:
            raise LockTimeout(
                f"gave up waiting for {self.what}{held} after {waited:.0f} s "
                f"(CHAINSEG_LOCK_TIMEOUT={self.timeout:g})"
            )
        if self.last_notice is None or now - self.last_notice >= NOTICE_EVERY:
            self.last_notice = now
            self.waited = True
            _notice(f"waiting for {self.what}{held} … {waited:.0f} s")
        time.sleep(POLL)

    def done(self) -> None:
        if self.waited:
            _notice(f"got {self.what} after waiting {time.monotonic() - self.started:.0f} s")


def _notice(line: str) -> None:
    # stderr: steps of a run redirect stdout to their log file, the waiting must be seen
    print(f"chainseg: {line}", file=sys.stderr, flush=True)


def wait_for(what: str, attempt: Callable[[], str | None], timeout: float | None = None) -> None:
    """Call ``attempt`` until it returns None (success); anything else it returns names the
    holder being waited for."""
    waiter = Waiter(what, timeout)
    while (holder := attempt()) is not None:
        waiter.tick(holder)
    waiter.done()


def describe_holder(text: str) -> str:
    """``pid N (command)`` from a lock file's content (``pid host command``)."""
    parts = text.strip().split(" ", 2)
    if len(parts) < 2 or not parts[0].isdigit():
        return "another process"
    pid, host = parts[0], parts[1]
    command = parts[2] if len(parts) > 2 else "?"
    where = "" if host == socket.gethostname() else f" on {host}"
    return f"pid {pid}{where} ({command})"


@contextmanager
def _exclusive(lock_file: Path, what: str, timeout: float | None) -> Iterator[None]:
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    # opened without truncating: a waiter must not erase the holder's name
    fd = os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o666)
    try:

        def attempt() -> str | None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return describe_holder(os.pread(fd, 4096, 0).decode("utf-8", "replace"))
            return None

        wait_for(what, attempt, timeout)
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()} {socket.gethostname()} {_this_command()}\n".encode(), 0)
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def writer_lock(warehouse: Path, *, timeout: float | None = None) -> AbstractContextManager[None]:
    """Hold the warehouse's writer lock, waiting (and saying so) while another writer has it."""
    return _exclusive(
        warehouse.with_name(warehouse.name + ".lock"), "the warehouse writer lock", timeout
    )


def session_lock(warehouse: Path, *, timeout: float | None = None) -> AbstractContextManager[None]:
    """Hold the warehouse for one whole command (``chainseg run``, ``chainseg check``)."""
    return _exclusive(
        warehouse.with_name(warehouse.name + ".session.lock"), "the warehouse session lock", timeout
    )


def publish_lock(publish: Path, *, timeout: float | None = None) -> AbstractContextManager[None]:
    """Hold the publication folder while one publication writes, switches and prunes."""
    return _exclusive(publish / ".publish.lock", "the publication lock", timeout)
