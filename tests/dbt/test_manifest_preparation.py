"""The dbt project is parsed by the command line, whatever PATH it was started with; loading the
Dagster definitions only reads the manifest and starts no process."""

from __future__ import annotations

import subprocess
import sys

from settings.paths import PROJECT_ROOT

_PREPARE = """
import sys
from pathlib import Path
from settings.dbt import prepare_manifest

print(prepare_manifest(Path(sys.argv[1])))
"""

_LOAD_DEFINITIONS = """
import os, subprocess, sys

started = []
real_popen_init = subprocess.Popen.__init__


def record(self, *args, **kwargs):
    command = args[0] if args else kwargs.get("args")
    # the standard library's platform.architecture() probes the interpreter with `file`
    if list(command)[:2] != ["file", "-b"]:
        started.append(command)
    real_popen_init(self, *args, **kwargs)


subprocess.Popen.__init__ = record
environment = dict(os.environ)

import orchestration.definitions  # noqa: F401

assert not started, f"loading the definitions started {started}"
assert dict(os.environ) == environment, "loading the definitions changed the environment"
print("ok")
"""


def test_a_missing_manifest_is_parsed_without_dbt_on_path(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "CHAINSEG_WAREHOUSE": str(tmp_path / "warehouse.duckdb"),
    }
    target = tmp_path / "target"

    proc = subprocess.run(
        [sys.executable, "-c", _PREPARE, str(target)],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
    )

    assert proc.returncode == 0, proc.stderr[-2000:]
    assert (target / "manifest.json").is_file()


def test_loading_the_definitions_starts_no_process_and_changes_no_environment(tmp_path):
    subprocess.run([sys.executable, "-m", "settings.dbt"], cwd=PROJECT_ROOT, check=True)
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "CHAINSEG_HOME": str(tmp_path)}

    proc = subprocess.run(
        [sys.executable, "-c", _LOAD_DEFINITIONS],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
    )

    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip().endswith("ok")


def test_a_dbt_step_starts_from_the_parse_its_data_home_kept(tmp_path) -> None:
    from settings.dbt import PARTIAL_PARSE, keep_parse, reuse_parse

    runs = tmp_path / "dbt"
    runs.mkdir()
    first, second = runs / "dbt_core-1", runs / "dbt_marts-1"
    reuse_parse(runs, first)  # nothing kept yet: dagster-dbt copies target/'s
    assert not (first / PARTIAL_PARSE).exists()
    first.mkdir()
    (first / PARTIAL_PARSE).write_bytes(b"parsed with this home's profile")
    keep_parse(first, runs)
    reuse_parse(runs, second)
    assert (second / PARTIAL_PARSE).read_bytes() == b"parsed with this home's profile"
    # only the kept file and the run folders: nothing half-written is left beside them
    assert sorted(p.name for p in runs.iterdir()) == sorted(
        [PARTIAL_PARSE, first.name, second.name]
    )
    keep_parse(runs / "dbt_marts-2", runs)  # a step that left no parse changes nothing
    assert (runs / PARTIAL_PARSE).read_bytes() == b"parsed with this home's profile"
