"""How dbt is started: the dbt beside this Python, this project, private artefact folders.

The parsed project (``manifest.json``) is a build product of the code and lives in
``dbt_project/target``; everything a dbt *run* writes (run results, compiled SQL, dbt.log) goes
to a folder of its own under ``<data home>/dbt`` and only the newest ``KEEP_RUNS`` are kept.
"""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from settings.paths import DBT_PROJECT_DIR, SEEDS_DIR

MANIFEST_TARGET = DBT_PROJECT_DIR / "target"
MANIFEST = MANIFEST_TARGET / "manifest.json"
#: What a dbt build of a run (a pipeline step, a what-if) leaves in its run folder: compiled
#: SQL and an info-level dbt.log (each node's start, end, status and error; what
#: ``benchmarks/stages.py`` reads). Not manifest.json, run_results.json and graph.gpickle (the
#: manifest Dagster reads is the parsed project's, results arrive as events) nor dbt's
#: debug-level file log (12 MB per scale-1 marts step). Measured: the JSON artefacts 2.3 s of
#: every invocation, the debug log 2-4 s of a scale-1 marts step.
RUN_ARTEFACTS = ("--no-write-json", "--log-level-file", "info")

#: which models and seeds were built from which code and raw inputs (``orchestration.unchanged``);
#: created by dbt's on-run-start hook, forgotten row by row by every node's build
BUILT_INPUTS = "_chainseg.built_inputs"


def dbt_table_exists(conn, table: str) -> bool:
    """Whether a table dbt creates (a model, or a table of its on-run-start hooks such as
    ``BUILT_INPUTS``) exists yet in this DuckDB warehouse (``conn``: a DuckDB connection;
    ``table``: ``schema.name``). Before dbt's first run it does not: nothing to read yet."""
    schema, name = table.split(".")
    [(found,)] = conn.execute(
        "select count(*) from duckdb_tables() where database_name = current_database() "
        "and schema_name = ? and table_name = ?",
        [schema, name],
    ).fetchall()
    return bool(found)


#: dbt run folders kept under the data home (``CHAINSEG_DBT_KEEP_RUNS`` overrides)
KEEP_RUNS = 10


def dbt_executable() -> Path:
    """dbt's command line beside this Python (``dbt_main``, installed as ``chainseg-dbt``),
    whatever PATH the caller was started with."""
    return Path(sys.executable).with_name("chainseg-dbt")


def dbt_main() -> None:
    """dbt's own command line, leaving without the garbage collector's shutdown passes.

    At exit CPython collects garbage over every object still alive, more than once. A process
    that imported dbt (or Dagster and Great Expectations) holds hundreds of thousands of them:
    measured on the scale-1 year, 0.6 s after each dbt invocation had finished its work, and
    1.6 s after `chainseg run` had printed its last line (700,000 objects). ``gc.freeze()``
    first takes them out of the collector's reach; ``finally`` blocks, atexit handlers and the
    closing of files still run, and the operating system takes the memory back either way.
    """
    from dbt.cli.main import cli

    try:
        cli()
    finally:
        gc.freeze()


def dbt_command(*args: str) -> list[str]:
    """``dbt <args>`` on this project, runnable from any working directory."""
    project = str(DBT_PROJECT_DIR)
    return [str(dbt_executable()), *args, "--project-dir", project, "--profiles-dir", project]


def dbt_environment(target: Path, logs: Path, **settings: str) -> dict[str, str]:
    """This process's environment plus private dbt artefact folders (so concurrent callers
    never read each other's ``run_results.json``) and ``CHAINSEG_*`` settings."""
    return {**os.environ, "DBT_TARGET_PATH": str(target), "DBT_LOG_PATH": str(logs), **settings}


def project_files() -> list[Path]:
    """Every file the parsed project is made of: project, profile, models, macros, tests, seeds."""
    files = [DBT_PROJECT_DIR / "dbt_project.yml", DBT_PROJECT_DIR / "profiles.yml"]
    for folder in ("models", "macros", "tests"):
        files += (DBT_PROJECT_DIR / folder).rglob("*")
    files += SEEDS_DIR.rglob("*")
    return [f for f in files if f.is_file()]


def _newest_project_mtime() -> float:
    return max((f.stat().st_mtime for f in project_files()), default=0.0)


def manifest_is_current(target: Path = MANIFEST_TARGET) -> bool:
    """Whether ``target/manifest.json`` exists and is newer than every project file."""
    manifest = target / "manifest.json"
    return manifest.exists() and manifest.stat().st_mtime >= _newest_project_mtime()


def prepare_manifest(target: Path = MANIFEST_TARGET) -> Path:
    """Run ``dbt parse`` when ``target/manifest.json`` is missing or older than any project file.

    The Dagster code location reads the manifest when it loads; the command line calls this
    first, so loading the definitions never starts a process.
    """
    manifest = target / "manifest.json"
    if manifest_is_current(target):
        return manifest
    # the profile needs a warehouse path to parse; parsing never opens it
    settings = {} if os.environ.get("CHAINSEG_WAREHOUSE") else {"CHAINSEG_WAREHOUSE": ":memory:"}
    proc = subprocess.run(
        dbt_command("parse", "--quiet"),
        env=dbt_environment(target, target, **settings),
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        detail = (proc.stdout + proc.stderr).strip().splitlines()
        raise RuntimeError(f"dbt parse failed: {detail[-1] if detail else proc.returncode}")
    return manifest


#: dbt's parsed project as it keeps it between invocations (``--partial-parse``)
PARTIAL_PARSE = "partial_parse.msgpack"


def reuse_parse(runs: Path, target: Path) -> None:
    """Start a dbt invocation in ``target`` from the parsed project the last invocation of this
    data home left in ``runs``.

    dbt reparses the whole project (6-9 s on the demo) when its saved parse was made with
    another profile (the warehouse path, threads, memory limit, spill folder: they differ
    between data homes) or other ``--vars`` (an as-of date); ``target/`` holds the parse of
    ``prepare_manifest``'s environment, so each data home keeps its own. Files that changed
    since are reparsed by dbt itself; without a saved parse dagster-dbt copies ``target/``'s.
    """
    saved = runs / PARTIAL_PARSE
    if saved.is_file():
        target.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(saved, target / PARTIAL_PARSE)


@contextmanager
def parse_meanwhile(runs: Path) -> Iterator[None]:
    """Parse the project for this data home in a dbt process of its own while the caller
    works, when the home keeps no parse yet (``reuse_parse``); kept for its first dbt step.

    Without it that step reparses the whole project before its first node: a fresh data
    home's profile differs from the one ``target/`` was parsed with (5.3 s on the scale-1
    year). ``chainseg run`` parses this way while the extracts load. The caller's environment
    is the home's (``settings.paths.export_environment``); a parse that fails leaves nothing,
    and the dbt step parses itself as before."""
    if (runs / PARTIAL_PARSE).is_file():
        yield
        return
    target = runs / f".parse-{os.getpid()}"
    parse = subprocess.Popen(
        dbt_command("parse", "--quiet"),
        env=dbt_environment(target, target),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    finished = False
    try:
        yield
        finished = True
    finally:
        if not finished:  # the caller failed or was interrupted: its parse is not waited for
            parse.kill()
        if parse.wait() == 0 and finished:
            keep_parse(target, runs)
        shutil.rmtree(target, ignore_errors=True)


def keep_parse(target: Path, runs: Path) -> None:
    """Keep the parsed project of the invocation in ``target`` for the next one (whole or not
    at all: written beside, then renamed)."""
    parsed = target / PARTIAL_PARSE
    if not parsed.is_file():
        return
    partial = runs / f".{PARTIAL_PARSE}.{os.getpid()}"
    shutil.copyfile(parsed, partial)
    os.replace(partial, runs / PARTIAL_PARSE)


def prune_runs(folder: Path, keep: int | None = None) -> None:
    """Delete all but the newest ``keep`` dbt run folders under ``folder``."""
    keep = keep if keep is not None else int(os.environ.get("CHAINSEG_DBT_KEEP_RUNS", KEEP_RUNS))
    if not folder.is_dir():
        return
    runs = sorted((p for p in folder.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime)
    for old in runs[: max(len(runs) - keep, 0)]:
        shutil.rmtree(old, ignore_errors=True)


if __name__ == "__main__":
    print(prepare_manifest())
