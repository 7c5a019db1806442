"""DuckDB threads, memory limit and spill folder: one resolution (settings/duckdb_config.py)
applied to every connection and exported to dbt's profile."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest

from settings import duckdb_config


def test_defaults_every_core_half_the_ram_and_a_spill_folder_under_the_home(tmp_path):
    env = {"CHAINSEG_HOME": str(tmp_path)}
    assert duckdb_config.threads(env) == (os.cpu_count() or 1)
    assert duckdb_config.memory_limit(env).endswith("MB")
    assert duckdb_config.temp_directory(tmp_path, env) == tmp_path / "tmp" / "duckdb"
    assert duckdb_config.environment(tmp_path, env) == {
        "CHAINSEG_THREADS": str(os.cpu_count() or 1),
        "CHAINSEG_MEMORY_LIMIT": duckdb_config.memory_limit(env),
        "CHAINSEG_TEMP_DIRECTORY": str(tmp_path / "tmp" / "duckdb"),
    }


def test_configuration_overrides_every_setting(tmp_path):
    env = {
        "CHAINSEG_HOME": str(tmp_path),
        "CHAINSEG_THREADS": "3",
        "CHAINSEG_MEMORY_LIMIT": "1GB",
        "CHAINSEG_TEMP_DIRECTORY": str(tmp_path / "spill"),
    }
    assert duckdb_config.environment(tmp_path, env) == {
        "CHAINSEG_THREADS": "3",
        "CHAINSEG_MEMORY_LIMIT": "1GB",
        "CHAINSEG_TEMP_DIRECTORY": str(tmp_path / "spill"),
    }


def test_bad_thread_count_is_refused():
    with pytest.raises(ValueError, match="CHAINSEG_THREADS"):
        duckdb_config.threads({"CHAINSEG_THREADS": "0"})


def test_configure_applies_the_settings_to_a_connection(tmp_path):
    env = {
        "CHAINSEG_HOME": str(tmp_path),
        "CHAINSEG_THREADS": "2",
        "CHAINSEG_MEMORY_LIMIT": "300MB",
    }
    conn = duckdb_config.configure(duckdb.connect(), env)
    try:
        assert conn.execute("select current_setting('threads')").fetchone() == (2,)
        limit = conn.execute("select current_setting('memory_limit')").fetchone()[0]
        assert limit.endswith("MiB") or limit.endswith("MB")
        spill = conn.execute("select current_setting('temp_directory')").fetchone()[0]
        assert Path(spill) == tmp_path / "tmp" / "duckdb"
    finally:
        conn.close()


def test_spilling_works_under_a_small_limit_and_the_folder_is_cleaned(tmp_path):
    env = {"CHAINSEG_HOME": str(tmp_path), "CHAINSEG_THREADS": "1", "CHAINSEG_MEMORY_LIMIT": "64MB"}
    conn = duckdb_config.configure(duckdb.connect(), env)
    try:
        conn.execute("set preserve_insertion_order = false")
        conn.execute("set enable_progress_bar = false")
        # ~8 M rows of two BIGINTs, sorted (~130 MB), do not fit in 64 MB: they spill
        conn.execute(
            "create temp table spilled as "
            "select i, hash(i) as h from range(8000000) t(i) order by h"
        )
        assert conn.execute("select count(*) from spilled").fetchone() == (8000000,)
        files = [
            row[0] for row in conn.execute("select path from duckdb_temporary_files()").fetchall()
        ]
        assert files and all(Path(f).parent == tmp_path / "tmp" / "duckdb" for f in files)
    finally:
        conn.close()
    duckdb_config.clean_temp_directory(tmp_path, env)
    assert not (tmp_path / "tmp" / "duckdb").exists()


def _dbt_duckdb_credentials(env: dict[str, str]):
    """The duckdb output of dbt_project/profiles.yml rendered with ``env`` as dbt renders it
    (env_var with its default), as dbt-duckdb's credentials."""
    import jinja2
    import yaml
    from dbt.adapters.duckdb.credentials import DuckDBCredentials

    from settings.paths import DBT_PROJECT_DIR

    profile = yaml.safe_load((DBT_PROJECT_DIR / "profiles.yml").read_text(encoding="utf-8"))
    output = profile["chainseg"]["outputs"]["duckdb"]

    def render(value):
        if isinstance(value, dict):
            return {key: render(item) for key, item in value.items()}
        if not isinstance(value, str):
            return value
        template = jinja2.Environment().from_string(value)
        return template.render(env_var=lambda name, default=None: env.get(name, default))

    fields = {key: render(output[key]) for key in ("path", "schema")}
    for key in ("config_options", "settings"):
        if key in output:
            fields[key] = render(output[key])
    return DuckDBCredentials(database="warehouse", **fields)


def test_dbt_opens_the_warehouse_with_the_settings_and_sets_nothing_per_cursor(tmp_path):
    """threads, memory limit and spill folder are database-wide in DuckDB: dbt gives them once
    when it opens the warehouse, and the cursor it opens for every model, seed and test runs
    no SET statement (it did three per node: ~1.5 ms each node, ~1,050 nodes a demo run)."""
    from dbt.adapters.duckdb.environments import Environment

    env = {
        "CHAINSEG_WAREHOUSE": str(tmp_path / "warehouse.duckdb"),
        "CHAINSEG_THREADS": "2",
        "CHAINSEG_MEMORY_LIMIT": "300MB",
        "CHAINSEG_TEMP_DIRECTORY": str(tmp_path / "spill"),
    }
    credentials = _dbt_duckdb_credentials(env)

    class Recorder:
        def __init__(self) -> None:
            self.executed: list[str] = []

        def execute(self, sql, *args):
            self.executed.append(sql)

    recorder = Recorder()
    Environment.initialize_cursor(credentials, recorder)
    assert recorder.executed == []

    conn = Environment.initialize_db(credentials)
    try:
        cursor = conn.cursor()
        assert cursor.execute("select current_setting('threads')").fetchone() == (2,)
        limit = cursor.execute("select current_setting('memory_limit')").fetchone()[0]
        assert limit.startswith("286") and limit.endswith("MiB")  # 300 MB
        spill = cursor.execute("select current_setting('temp_directory')").fetchone()[0]
        assert Path(spill) == tmp_path / "spill"
    finally:
        conn.close()
