"""The command line's contract for bad input: one line on stderr, a non-zero exit, no traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


def chainseg(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {"CHAINSEG_HOME": str(home), "PATH": "/usr/bin:/bin"}
    return subprocess.run(
        [sys.executable, "-m", "chainseg.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (("frobnicate",), "invalid choice: 'frobnicate'"),
        (("generate", "--start", "2025-02-30"), "bad date '2025-02-30'"),
        (("generate", "--scale", "-1"), "--scale: must be greater than 0"),
        (("generate", "--days", "0"), "--days: must be at least 1"),
        (("run", "--as-of", "yesterday"), "bad date 'yesterday'"),
        (("run",), "does not exist: run `chainseg generate` first"),
        (("check",), "no warehouse at"),
    ],
)
def test_bad_input_gives_one_line_error_and_nonzero_exit(tmp_path, args, names):
    result = chainseg(*args, home=tmp_path)

    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("chainseg: error: ")
    assert names in lines[0]


def test_run_with_empty_landing_folder_says_so(tmp_path):
    (tmp_path / "landing").mkdir()

    result = chainseg("run", home=tmp_path)

    assert result.returncode == 1
    assert (
        result.stderr.strip()
        == f"chainseg: error: landing folder {tmp_path / 'landing'} holds no extracts"
    )
