"""The code location parses the dbt project itself, whatever PATH it was started with."""

from __future__ import annotations

import subprocess
import sys

from chainseg.config import PROJECT_ROOT

_PREPARE = """
import sys
from pathlib import Path
from dagster_dbt import DbtProject
from chainseg.config import DBT_PROJECT_DIR
from orchestration.defs.dbt import prepare_manifest

project = DbtProject(
    project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR, target_path=Path(sys.argv[1])
)
print(prepare_manifest(project))
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
