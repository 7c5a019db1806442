"""The command line's contract for bad input: one line on stderr, a non-zero exit, no traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


def chainseg(*args: str, home: Path, **settings: str) -> subprocess.CompletedProcess[str]:
    env = {"CHAINSEG_HOME": str(home), "PATH": "/usr/bin:/bin", **settings}
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
        (("generate", "--start", "9999-12-31", "--days", "10"), "ends after 9997-12-31"),
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


@pytest.fixture(scope="module")
def small_landing(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("small-landing")
    result = chainseg("generate", "--days", "2", home=home)
    assert result.returncode == 0, result.stderr
    return home / "landing"


def _bad_warehouses(tmp: Path) -> dict[str, tuple[Path, str]]:
    folder = tmp / "folder.duckdb"
    folder.mkdir()
    text = tmp / "notes.duckdb"
    text.write_text("not a database\n")
    return {
        "directory": (folder, f"warehouse {folder} is a directory, not a DuckDB file"),
        "not-duckdb": (text, f"warehouse {text} is not a DuckDB database file"),
        "under-a-file": (
            text / "warehouse.duckdb",
            f"cannot create the warehouse folder {text}: {text} is a file",
        ),
        # not writable even for root
        "not-writable": (
            Path("/sys/warehouse.duckdb"),
            "warehouse folder /sys is not writable: Permission denied",
        ),
    }


@pytest.mark.parametrize("case", ["directory", "not-duckdb", "under-a-file", "not-writable"])
def test_a_bad_warehouse_fails_in_one_line_before_any_step(tmp_path, small_landing, case):
    warehouse, expected = _bad_warehouses(tmp_path)[case]

    result = chainseg(
        "run",
        home=tmp_path / "home",
        CHAINSEG_LANDING_DIR=str(small_landing),
        CHAINSEG_WAREHOUSE=str(warehouse),
    )

    assert result.returncode == 1
    assert result.stderr.strip() == f"chainseg: error: {expected}"
    assert "ingest:" not in result.stdout  # no step started
    assert len(result.stdout.splitlines()) <= 1


def test_check_on_a_file_that_is_not_duckdb_fails_in_one_line(tmp_path):
    warehouse, expected = _bad_warehouses(tmp_path)["not-duckdb"]

    result = chainseg("check", home=tmp_path / "home", CHAINSEG_WAREHOUSE=str(warehouse))

    assert result.returncode == 1
    assert result.stderr.strip() == f"chainseg: error: {expected}"
