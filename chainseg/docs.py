"""``chainseg docs``: the dbt docs site of the project and the current warehouse, in the data home.

``dbt docs generate --static`` runs in a folder of its own under ``<data home>/dbt``; its site
(``index.html`` with ``manifest.json`` and ``catalog.json``, and ``static_index.html``, one
file that opens from disk without a web server) then replaces ``<data home>/docs`` at once, so
a reader never sees half a site. The site shows every model, column, column sensitivity (a
column's details), test, lineage and exposure (the dashboard and the role publications).

Not part of ``chainseg run``: on the demo, ``dbt docs generate`` takes 23-33 s (it compiles
every model and reads the catalog), as long as a third of the run.
"""

from __future__ import annotations

import shutil
import subprocess
import time
import uuid
from pathlib import Path

from chainseg.errors import ChainsegError
from settings.dbt import dbt_command, dbt_environment, prune_runs
from settings.lock import writer_lock
from settings.paths import Paths

#: what the site consists of (the rest of dbt's target folder stays under <data home>/dbt)
SITE_FILES = ("index.html", "manifest.json", "catalog.json", "static_index.html")


def generate_docs(paths: Paths) -> Path:
    """Generate the docs site into ``paths.home / "docs"``; returns that folder."""
    if not paths.warehouse.exists():
        raise ChainsegError(f"no warehouse at {paths.warehouse}: run `chainseg run` first")
    paths.ensure()
    work = paths.dbt_runs / f"docs-{uuid.uuid4()}"
    started = time.perf_counter()
    print(f"chainseg docs: dbt docs generate on {paths.warehouse} …", flush=True)
    # dbt opens the warehouse for writing: one writer at a time
    with writer_lock(paths.warehouse):
        proc = subprocess.run(
            dbt_command("docs", "generate", "--static"),
            env=dbt_environment(work, work, CHAINSEG_WAREHOUSE=str(paths.warehouse)),
            capture_output=True,
            text=True,
        )
    if proc.returncode != 0:
        lines = [line for line in (proc.stdout + proc.stderr).splitlines() if line.strip()]
        raise ChainsegError(
            f"dbt docs generate failed: {lines[-1].strip() if lines else proc.returncode} "
            f"(log {work / 'dbt.log'})"
        )
    site = paths.home / "docs"
    aside = paths.home / f".docs-{uuid.uuid4().hex[:8]}"
    aside.mkdir()
    for name in SITE_FILES:
        shutil.copy2(work / name, aside / name)
    old = paths.home / f".docs-old-{uuid.uuid4().hex[:8]}"
    if site.exists():
        site.rename(old)
    aside.rename(site)
    shutil.rmtree(old, ignore_errors=True)
    prune_runs(paths.dbt_runs)
    print(
        f"docs: {site / 'static_index.html'} (opens from disk), or serve {site} "
        f"(python -m http.server -d {site}) for index.html; "
        f"{time.perf_counter() - started:.1f} s"
    )
    return site
