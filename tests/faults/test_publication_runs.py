"""BI readers and `chainseg run`: a reader of the published finance file never errors while a run
publishes a new release; a failing blocking check leaves the publication byte-identical; a
reader holding the warehouse itself makes the run wait, naming its pid, or give up in one line.
Each test is one `chainseg run` on a copy of the clean run's home (which holds a release)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import textwrap

import pytest

from expectations.ownership import mart_models
from publication import current_release
from tests.faults.harness import PROJECT, environment, start
from tests.publication.published import fingerprint

pytestmark = [pytest.mark.faults, pytest.mark.slow]

ROLES = "finance, operations, analyst"

#: holds the file open read-only and queries every mart in a loop; once per loop also opens
#: the path afresh (a new open must see a whole release); stops when the stop file appears
_READER = textwrap.dedent("""
    import os, sys, duckdb
    path, stop = sys.argv[1], sys.argv[2]
    held = duckdb.connect(path, read_only=True)
    marts = [t for (t,) in held.execute(
        "select table_name from information_schema.tables where table_schema = 'main'"
    ).fetchall()]
    print("ready", len(marts), flush=True)
    queries = errors = 0
    while not os.path.exists(stop):
        for mart in marts:
            try:
                held.execute(f"select count(*) from marts.{mart}").fetchall()
            except Exception as error:
                errors += 1
                print("ERROR held", type(error).__name__, error, flush=True)
            queries += 1
        try:
            fresh = duckdb.connect(path, read_only=True)
            found = fresh.execute(
                "select count(*) from information_schema.tables where table_schema = 'main'"
            ).fetchone()[0]
            fresh.close()
            if found != len(marts):
                errors += 1
                print("ERROR fresh open saw", found, "tables", flush=True)
        except Exception as error:
            errors += 1
            print("ERROR fresh", type(error).__name__, error, flush=True)
        queries += 1
    print("queries", queries, "errors", errors, flush=True)
""")


def test_a_reader_of_the_finance_publication_never_errors_during_a_run(clean, tmp_path):
    home = clean.copy_home(tmp_path / "home")
    before = current_release(home / "publish")
    assert before is not None
    stop = tmp_path / "stop"
    reader = subprocess.Popen(
        [sys.executable, "-c", _READER, str(home / "publish/finance/marts.duckdb"), str(stop)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=PROJECT,
    )
    assert reader.stdout is not None
    # the finance role sees every mart
    assert reader.stdout.readline().split() == ["ready", str(len(mart_models()))]

    code, output = start("run", env=clean.env(home)).finish()
    stop.touch()
    said, _ = reader.communicate(timeout=120)

    assert code == 0, output[-3000:]
    published = re.search(rf"^published: release (\S+) for {ROLES} → (\S+)$", output, re.M)
    assert published, output[-3000:]
    assert published[1] != before
    assert published[2] == str(home / "publish")
    assert current_release(home / "publish") == published[1]
    assert reader.returncode == 0, said
    counts = re.search(r"^queries (\d+) errors (\d+)$", said, re.M)
    assert counts, said
    assert int(counts[2]) == 0, said
    assert int(counts[1]) > 100, said


def test_a_failing_blocking_check_leaves_the_publication_byte_identical(clean, tmp_path):
    home = clean.copy_home(tmp_path / "home")
    landing = shutil.copytree(clean.landing, tmp_path / "landing")
    # a late part file with a negative exchange rate: staging keeps it, its suite fails
    day = sorted((landing / "erp/fx_rate").iterdir())[-1]
    late = day / f"fx_rate_{day.name.replace('-', '')}_002.csv"
    late.write_text("FCURR|TCURR|GDATU|UKURS\nGBP|EUR|20240101|-1.5\n", encoding="utf-8")
    release = current_release(home / "publish")
    before = fingerprint(home / "publish")
    assert release is not None and any(name.endswith("marts.duckdb") for name in before)

    code, output = start("run", env=environment(home, landing)).finish()

    assert code == 1, output[-3000:]
    assert "failed check: stg_erp__fx_rates:gx_suite" in output
    assert (
        f"publication: not updated (blocking checks failed); current release {release} kept"
    ) in output
    assert "published: release" not in output
    assert fingerprint(home / "publish") == before


_HOLDER = textwrap.dedent("""
    import sys, duckdb
    conn = duckdb.connect(sys.argv[1], read_only=True)
    print("open", flush=True)
    sys.stdin.readline()  # until told (or stdin closes)
    conn.close()
""")


def _hold_warehouse(home) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(home / "warehouse.duckdb")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
    return holder


def test_a_reader_holding_the_warehouse_makes_the_run_wait_then_succeed(clean, tmp_path):
    home = clean.copy_home(tmp_path / "home")
    holder = _hold_warehouse(home)
    try:
        running = start("run", env=clean.env(home))
        waiting = running.wait_for_line(re.compile(r"waiting for the warehouse warehouse\.duckdb"))
        assert waiting is not None
        assert f"held by pid {holder.pid} (" in waiting
        # still waiting at the next notice (5 s on); then the reader closes and the run goes on
        assert running.wait_for_line(re.compile(r"waiting for the warehouse"), 12) is not None
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)

    code, output = running.finish()

    assert code == 0, output[-3000:]
    assert "chainseg: got the warehouse warehouse.duckdb after waiting" in output
    assert re.search(rf"^published: release \S+ for {ROLES} → ", output, re.M), output[-3000:]


def test_a_reader_holding_the_warehouse_past_the_timeout_ends_the_run_in_one_line(clean, tmp_path):
    home = clean.copy_home(tmp_path / "home")
    holder = _hold_warehouse(home)
    try:
        code, output = start("run", env=clean.env(home, CHAINSEG_LOCK_TIMEOUT="2")).finish()
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)

    assert code != 0
    errors = [line for line in output.splitlines() if line.startswith("chainseg: error:")]
    assert len(errors) == 1, output[-3000:]
    assert errors[0].startswith(
        "chainseg: error: gave up waiting for the warehouse warehouse.duckdb "
        f"held by pid {holder.pid} ("
    )
    assert "Traceback" not in output
