"""The command line's contract for bad input: one line on stderr, a non-zero exit, no traceback."""

from __future__ import annotations

import re
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
        (("ui", "--port", "0"), "--port: must be between 1 and 65535, got 0"),
        (("ui", "--port", "http"), "bad port 'http'"),
        (("docs",), "no warehouse at"),
        (("history",), "the following arguments are required: SUBCOMMAND"),
        (("history", "backfill", "--from", "2025-13-01"), "bad date '2025-13-01'"),
        (
            ("history", "backfill", "--from", "2025-06-30", "--to", "2025-01-31"),
            "--from 2025-06-30 is after --to 2025-01-31",
        ),
        (("history", "backfill"), "no warehouse at"),
        (("playbook",), "no publication of the marts under"),
        (("playbook", "--top", "0"), "--top: must be at least 1"),
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


# -- version, environment, ui, docs and progress -------------------------------------------


def test_version_comes_from_the_package_metadata(tmp_path):
    from importlib.metadata import version

    result = chainseg("--version", home=tmp_path)

    assert result.returncode == 0
    assert result.stdout.strip() == f"chainseg {version('chainseg')}"


#: variables only the test suites read (not settings of chainseg)
TEST_ONLY = {"CHAINSEG_FAULT_SEED"}
#: read by the publication (added beside this list): publications kept, default 3
PUBLICATION = {"CHAINSEG_PUBLISH_KEEP"}


def _variables_read() -> set[str]:
    """Every CHAINSEG_* name in the code, the dbt project and the Dagster instance settings."""
    from settings.paths import PROJECT_ROOT
    from tests.test_import_graph import PACKAGES

    files = [p for package in PACKAGES for p in (PROJECT_ROOT / package).rglob("*.py")]
    files += [PROJECT_ROOT / "dagster.yaml", PROJECT_ROOT / "dbt_project" / "profiles.yml"]
    files += (PROJECT_ROOT / "dbt_project" / "macros").rglob("*.sql")
    return {
        name
        for path in files
        for name in re.findall(r"CHAINSEG_[A-Z][A-Z_]*[A-Z]", path.read_text(encoding="utf-8"))
    }


def test_help_lists_every_environment_variable_chainseg_reads(tmp_path):
    result = chainseg("--help", home=tmp_path)

    assert result.returncode == 0
    listed = set(re.findall(r"CHAINSEG_[A-Z][A-Z_]*[A-Z]", result.stdout))
    assert (_variables_read() | PUBLICATION) - TEST_ONLY <= listed
    assert "DAGSTER_HOME" in result.stdout


def test_ui_starts_dagster_on_the_port_and_host_asked(tmp_path, monkeypatch):
    import os

    import settings.dbt
    from chainseg import cli
    from settings.paths import paths

    started: list[list[str]] = []
    monkeypatch.setattr(settings.dbt, "prepare_manifest", lambda: None)
    monkeypatch.setattr(os, "execv", lambda path, argv: started.append(argv))
    args = cli.build_parser().parse_args(["ui", "--port", "3999", "--host", "0.0.0.0"])

    cli._ui(args, paths({"CHAINSEG_HOME": str(tmp_path)}))

    [argv] = started
    assert argv[1:] == ["dev", "-m", "orchestration.definitions", "-h", "0.0.0.0", "-p", "3999"]


@pytest.mark.parametrize("into_landing", [True, False])
def test_generate_parses_dbt_s_project_meanwhile_for_the_run_that_reads_its_landing(
    tmp_path, monkeypatch, into_landing
):
    import settings.dbt
    from chainseg import cli
    from settings.paths import paths

    parsed: list[str] = []
    monkeypatch.setattr(settings.dbt, "prepare_manifest", lambda: parsed.append("parsed"))
    home = paths({"CHAINSEG_HOME": str(tmp_path / "home")})
    argv = ["generate", "--days", "1"] + ([] if into_landing else ["--out", str(tmp_path / "x")])

    assert cli._generate(cli.build_parser().parse_args(argv), home) == 0

    assert parsed == (["parsed"] if into_landing else [])


def test_ui_defaults_to_localhost_3000():
    from chainseg import cli

    args = cli.build_parser().parse_args(["ui"])

    assert (args.host, args.port) == ("127.0.0.1", 3000)


def test_check_says_each_suite_as_it_finishes(tmp_path, capsys):
    from chainseg.check import run_check
    from expectations.ownership import registry_rows
    from tests.quality.quality_fixtures import build_warehouse, ownership_sql

    warehouse = build_warehouse(tmp_path / "w.duckdb", ownership_sql(registry_rows()))

    run_check(
        warehouse,
        junit=None,
        report_dir=tmp_path / "reports",
        run_dbt_tests=False,
        suites=["data_ownership"],
        progress=True,
    )

    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"chainseg check: 1 suites on {warehouse} …"
    assert re.fullmatch(r"  suite 1/1 data_ownership (passed|FAILED) \(\d+\.\d s\)", lines[1])


def test_dbt_test_progress_counts_finished_tests(monkeypatch):
    from expectations import dbt_tests

    monkeypatch.setattr(dbt_tests, "PROGRESS_EVERY", 0.0)
    said: list[tuple[int, int]] = []
    script = "; ".join(
        f"print('10:00:0{i}  {i} of 3 PASS not_null_x_{i} ..... [PASS in 0.01s]')"
        for i in (1, 2, 3)
    )

    completed = dbt_tests._run(
        [sys.executable, "-c", script], {}, lambda done, total: said.append((done, total))
    )

    assert completed.returncode == 0
    assert said[-1] == (3, 3)
    assert said == sorted(said)
    assert "3 of 3 PASS" in completed.stdout


def test_dbt_steps_say_how_many_models_and_tests_have_finished(monkeypatch, caplog):
    import logging
    from types import SimpleNamespace

    import dagster as dg

    from orchestration.defs import dbt as dbt_defs

    monkeypatch.setattr(dbt_defs, "PROGRESS_EVERY", 0.0)
    logged: list[str] = []
    context = SimpleNamespace(
        op_execution_context=SimpleNamespace(op=SimpleNamespace(name="dbt_marts")),
        selected_asset_keys={dg.AssetKey("a"), dg.AssetKey("b")},
        selected_asset_check_keys={dg.AssetCheckKey(dg.AssetKey("a"), "t")},
        log=SimpleNamespace(info=logged.append),
    )
    events = [
        dg.Output(None, output_name="a"),
        dg.AssetCheckResult(asset_key="a", check_name="t", passed=True),
        dg.Output(None, output_name="b"),
    ]

    with caplog.at_level(logging.INFO, logger="chainseg.progress"):
        passed = list(dbt_defs._with_progress(context, iter(events)))  # type: ignore[arg-type]

    assert passed == events
    assert logged[-1] == "dbt_marts: 2/2 models and seeds, 1/1 tests"
    assert caplog.messages[-1] == logged[-1]


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        ("CHAINSEG_PUBLISH_KEEP", "all", "CHAINSEG_PUBLISH_KEEP='all' is not a whole number"),
        ("CHAINSEG_THREADS", "0", "CHAINSEG_THREADS='0' must be at least 1"),
    ],
)
def test_a_bad_numeric_setting_stops_the_run_in_one_line_before_it_starts(
    tmp_path, setting, value, message
):
    result = chainseg("run", home=tmp_path, **{setting: value})

    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [f"chainseg: error: {message}"]
    assert not (tmp_path / "warehouse.duckdb").exists()
