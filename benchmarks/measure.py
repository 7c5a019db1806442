"""Measure a command's wall time and peak memory in a fresh child process.

Peak memory is that child's own maximum resident set size (``ru_maxrss`` from ``wait4``), so
every measurement starts from a clean interpreter and none inherits another's heap.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Measurement:
    seconds: float
    peak_mb: float
    stdout: str


def measure(argv: list[str], *, env: dict[str, str] | None = None) -> Measurement:
    """Run ``argv`` to completion in a subprocess (raising if it fails) and measure it."""
    with tempfile.TemporaryFile("w+") as out:
        started = time.perf_counter()
        child = subprocess.Popen(argv, stdout=out, env={**os.environ, **(env or {})})
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read()
    if child.returncode:
        raise RuntimeError(f"{' '.join(argv)} exited {child.returncode}")
    return Measurement(seconds=seconds, peak_mb=usage.ru_maxrss / 1024, stdout=text)
