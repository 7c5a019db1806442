"""The `chainseg` command line: a thin front door to the generator, Dagster and the quality gate.

Every failure the user can cause (a bad argument, a missing folder, a corrupt file) ends as
one line on stderr, ``chainseg: error: …``, and a non-zero exit — never a bare traceback.
Heavy libraries (Dagster, dbt, Great Expectations) are imported only by the subcommand that
needs them, so ``chainseg --help`` and argument errors answer at once.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import sys
import threading
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from chainseg.errors import ChainsegError
from settings.lock import LockTimeout, announce_as, session_lock
from settings.paths import Paths, export_environment
from settings.paths import paths as resolve_paths


class _Parser(argparse.ArgumentParser):
    """argparse, but its errors are one line (argparse prints the whole usage by default)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        print(f"chainseg: error: {message}", file=sys.stderr)
        sys.exit(2)


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"bad date {text!r}: expected YYYY-MM-DD") from None


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"bad number {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be greater than 0, got {text}")
    return value


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"bad whole number {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {text}")
    return value


#: every environment variable chainseg reads (``chainseg --help`` lists them)
ENVIRONMENT = """\
environment:
  CHAINSEG_HOME                 data home: landing, warehouse, Dagster, reports, docs
                                (default <project>/data)
  CHAINSEG_LANDING_DIR          landing folder (default $CHAINSEG_HOME/landing)
  CHAINSEG_WAREHOUSE            DuckDB warehouse file (default $CHAINSEG_HOME/warehouse.duckdb)
  CHAINSEG_LOCK_TIMEOUT         seconds to wait for the warehouse before giving up (default 1800)
  CHAINSEG_DBT_KEEP_RUNS        dbt run folders kept under $CHAINSEG_HOME/dbt (default 10)
  CHAINSEG_PUBLISH_KEEP         role publications kept under $CHAINSEG_HOME/publish (default 3)
  CHAINSEG_DAILY_CRON           cron of the daily schedule (default "0 6 * * *")
  CHAINSEG_TIMEZONE             time zone of the daily schedule (default Europe/Berlin)
  CHAINSEG_THREADS              DuckDB worker threads (default: every core; reruns are
                                bit-identical whatever the count)
  CHAINSEG_MEMORY_LIMIT         DuckDB memory limit everywhere (default: half of the RAM)
  CHAINSEG_TEMP_DIRECTORY       DuckDB spill folder (default $CHAINSEG_HOME/tmp/duckdb,
                                emptied after each run)
  CHAINSEG_DBT_TARGET           dbt target: duckdb (default) or spark
  CHAINSEG_RAW_PARQUET          spark target: folder of the raw layer's Parquet export
  CHAINSEG_SPARK_MASTER, CHAINSEG_SPARK_METHOD, CHAINSEG_SPARK_HOST, CHAINSEG_SPARK_PORT,
  CHAINSEG_SPARK_WAREHOUSE, CHAINSEG_SPARK_CATALOG, CHAINSEG_SPARK_DRIVER_MEMORY
                                spark target: session or Thrift server settings
                                (dbt_project/profiles.yml)
  CHAINSEG_DAGSTER_STORAGE      set by chainseg to $CHAINSEG_HOME/dagster (dagster.yaml)
  DAGSTER_HOME                  Dagster instance folder (default <project>, for dagster.yaml)
"""


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("chainseg")
    except PackageNotFoundError:
        return "unknown (not installed)"


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"bad port {text!r}") from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"must be between 1 and 65535, got {text}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="chainseg",
        description=__doc__.splitlines()[0],
        epilog=ENVIRONMENT,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"chainseg {_version()}")
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=_Parser
    )

    gen = commands.add_parser("generate", help="write synthetic extracts into the landing zone")
    gen.add_argument(
        "--scale",
        type=_positive_float,
        default=0.01,
        help="1 ≈ 1 M sales order lines a year (default 0.01, the demo)",
    )
    gen.add_argument("--start", type=_iso_date, default=date(2025, 1, 1), help="first day")
    gen.add_argument("--days", type=_positive_int, default=365, help="number of days")
    gen.add_argument("--seed", type=int, default=42, help="random seed (same seed, same bytes)")
    gen.add_argument(
        "--defects",
        choices=("default", "none"),
        default="default",
        help="inject the defects of sources.md at their default rates, or none",
    )
    gen.add_argument("--out", type=Path, help="landing folder (default: $CHAINSEG_LANDING_DIR)")
    gen.add_argument(
        "--if-empty",
        action="store_true",
        help="do nothing when the landing folder already holds extracts",
    )

    run = commands.add_parser("run", help="materialise everything the landed data allows")
    run.add_argument("--as-of", type=_iso_date, help="as-of date (default: latest extract date)")

    hist = commands.add_parser("history", help="the segment history (docs/segment-history.md)")
    hist_commands = hist.add_subparsers(
        dest="history_command", required=True, metavar="SUBCOMMAND", parser_class=_Parser
    )
    backfill = hist_commands.add_parser(
        "backfill",
        help="record every past period end of the landed data in the segment history",
        description="Builds the segments as of each period end (month by default) of the "
        "landed extracts on a scratch copy of the warehouse and records them in "
        "history.segment_history, one transaction per period; then rebuilds the marts built "
        "on it (migration, official segments, review). Rerunning it, also after a kill, gives "
        "the same history.",
    )
    backfill.add_argument(
        "--from", dest="start", type=_iso_date, help="first period end (default: the first)"
    )
    backfill.add_argument(
        "--to", dest="end", type=_iso_date, help="last period end (default: the last)"
    )

    check = commands.add_parser("check", help="the CI data-quality gate over the warehouse")
    check.add_argument("--junit", type=Path, help="write JUnit XML here")

    ui = commands.add_parser("ui", help="start the Dagster UI on the same instance")
    ui.add_argument("--port", type=_port, default=3000, help="port (default 3000)")
    ui.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")

    commands.add_parser(
        "docs", help="generate the dbt docs site (models, columns, exposures) into the data home"
    )

    whatif = commands.add_parser(
        "whatif",
        help="build service-level what-if scenarios (scenarios/*.yml) and print their table",
        description="Recomputes the drivers, cost to serve and margin of each scenario's "
        "segment with the baseline's rates into marts.mart_whatif_results and prints them.",
    )
    whatif.add_argument("scenarios", nargs="+", metavar="SCENARIO", help="scenario name(s)")

    playbook = commands.add_parser(
        "playbook",
        help="write one page per segment (HTML and Markdown): policies, owners, members, changes",
        description="Renders, from the policy seeds and the official segments of the latest "
        "publication, one playbook page per segment (Markdown and HTML) and an index; with "
        "--segment only that segment's page, also printed as Markdown.",
    )
    playbook.add_argument(
        "--segment", help="only this segment (e.g. AX, strategic, passive or product-AX)"
    )
    playbook.add_argument(
        "--out", type=Path, help="output folder (default: $CHAINSEG_HOME/playbooks)"
    )
    playbook.add_argument(
        "--top", type=_positive_int, default=10, help="members listed per page (default 10)"
    )

    bench = commands.add_parser(
        "bench",
        help="time the full build, daily runs and a raw-DuckDB baseline, per stage",
        description="Generates (or reuses) extracts at a scale under $CHAINSEG_HOME/bench, runs "
        "the full build, an ordinary next day's run, a master delivery day's run and a run "
        "with nothing new in fresh data homes there, the raw-DuckDB "
        "baseline over the same files, and prints seconds and peak RSS per stage "
        "(also written as $CHAINSEG_HOME/bench/<timestamp>.json).",
    )
    bench.add_argument(
        "--scale", type=_positive_float, default=1.0, help="1 ≈ 1 M sales order lines a year"
    )
    bench.add_argument(
        "--days", type=_positive_int, default=365, help="history of the full build (default 365)"
    )
    bench.add_argument("--seed", type=int, default=42, help="random seed of the extracts")
    bench.add_argument(
        "--no-history",
        action="store_true",
        help="skip the second history length (the daily run after half the days)",
    )
    return parser


#: the generator's dates run up to about a year past the last extract day (contract ends,
#: time-zone tables), and Python's dates end with the year 9999
LAST_GENERATED_DAY = date(9997, 12, 31)


def _check_date_range(start: date, days: int) -> None:
    last = start.toordinal() + days - 1
    if last > LAST_GENERATED_DAY.toordinal():
        raise ChainsegError(
            f"--start {start} with --days {days} ends after {LAST_GENERATED_DAY}, "
            "the last extract day the generator can write"
        )


def _generate(args: argparse.Namespace, paths: Paths) -> int:
    _check_date_range(args.start, args.days)
    out = (args.out or paths.landing).resolve()
    if args.if_empty and out.is_dir() and any(out.iterdir()):
        print(f"landing {out} already holds extracts; not generating")
        return 0
    import time

    from generator import generate

    started = time.perf_counter()
    # the landing `chainseg run` reads next: dbt's project is parsed meanwhile on the other core
    parsing = _parse_dbt_project_meanwhile() if out == paths.landing.resolve() else None
    try:
        manifest = generate(
            out,
            start=args.start,
            days=args.days,
            scale=args.scale,
            seed=args.seed,
            defects=args.defects,
        )
    finally:
        if parsing is not None:
            parsing.join()
    files = manifest.get("files", {})
    rows = sum(f.get("rows", 0) for f in files.values())
    print(
        f"wrote {len(files)} files, {rows:,} rows to {out} "
        f"in {time.perf_counter() - started:.1f} s (manifest: {out / '_manifest.json'})"
    )
    return 0


def _parse_dbt_project_meanwhile() -> threading.Thread:
    """Parse the dbt project (``prepare_manifest``: only when it is missing or stale, as on a
    fresh clone, ~8 s) in a thread, with this data home's profile, so that ``chainseg run``
    and its first dbt step find it parsed. A parse that fails is left to ``chainseg run``,
    which parses again and says why."""
    from settings.dbt import prepare_manifest

    def parse() -> None:
        with contextlib.suppress(RuntimeError, OSError):
            prepare_manifest()

    thread = threading.Thread(target=parse, name="dbt-parse", daemon=True)
    thread.start()
    return thread


def _run(args: argparse.Namespace, paths: Paths) -> int:
    from chainseg.preflight import check_warehouse_path
    from chainseg.run import run_command

    check_warehouse_path(paths.warehouse)
    # one command at a time on a warehouse: a second `chainseg run` waits, saying for whom
    with session_lock(paths.warehouse):
        return run_command(paths, as_of=args.as_of)


def _history(args: argparse.Namespace, paths: Paths) -> int:
    from chainseg.history import backfill_command
    from chainseg.preflight import check_warehouse_path

    if args.start and args.end and args.start > args.end:
        raise ChainsegError(f"--from {args.start} is after --to {args.end}")
    check_warehouse_path(paths.warehouse)
    with session_lock(paths.warehouse):
        return backfill_command(paths, start=args.start, end=args.end)


def _check(args: argparse.Namespace, paths: Paths) -> int:
    if not paths.warehouse.exists():
        raise ChainsegError(f"no warehouse at {paths.warehouse}: run `chainseg run` first")
    from chainseg.preflight import check_warehouse_path, open_warehouse

    check_warehouse_path(paths.warehouse)
    with session_lock(paths.warehouse):
        if paths.dagster_storage.is_dir():
            _release_dead_runs()
        open_warehouse(paths.warehouse)
        from chainseg.check import run_check

        return run_check(paths.warehouse, junit=args.junit, report_dir=paths.reports, progress=True)


def _release_dead_runs() -> None:
    """What killed runs left on the Dagster instance, released (see chainseg.recovery)."""
    import warnings

    import dagster as dg

    from chainseg.recovery import release_dead_runs

    warnings.filterwarnings("ignore", category=dg.BetaWarning)
    with dg.DagsterInstance.get() as instance:
        release_dead_runs(instance)


def _ui(args: argparse.Namespace, paths: Paths) -> int:
    import os

    from settings.dbt import prepare_manifest

    paths.ensure()
    prepare_manifest()
    dagster = Path(sys.executable).with_name("dagster")
    argv = [str(dagster), "dev", "-m", "orchestration.definitions"]
    argv += ["-h", args.host, "-p", str(args.port)]
    os.execv(argv[0], argv)
    return 0  # not reached


def _docs(args: argparse.Namespace, paths: Paths) -> int:
    from chainseg.docs import generate_docs
    from chainseg.preflight import check_warehouse_path

    if not paths.warehouse.exists():
        raise ChainsegError(f"no warehouse at {paths.warehouse}: run `chainseg run` first")
    check_warehouse_path(paths.warehouse)
    # after a running `chainseg run` or `chainseg check`, not between two of its steps
    with session_lock(paths.warehouse):
        generate_docs(paths)
    return 0


def _whatif(args: argparse.Namespace, paths: Paths) -> int:
    from chainseg.preflight import check_warehouse_path
    from decisions import whatif

    if not paths.warehouse.exists():
        raise ChainsegError(f"no warehouse at {paths.warehouse}: run `chainseg run` first")
    check_warehouse_path(paths.warehouse)
    paths.ensure()
    with session_lock(paths.warehouse):
        try:
            rows = whatif.run(paths.warehouse, args.scenarios, paths.dbt_runs)
        except RuntimeError as error:
            raise ChainsegError(str(error)) from None
    print(whatif.render(rows))
    return 0


def _playbook(args: argparse.Namespace, paths: Paths) -> int:
    from playbooks import PlaybookError, markdown, published_marts, write_playbooks

    out = (args.out or paths.home / "playbooks").resolve()
    try:
        written = write_playbooks(
            published_marts(paths.publish), out, segment=args.segment, top=args.top
        )
    except PlaybookError as error:
        raise ChainsegError(str(error)) from None
    if args.segment is not None:
        print(markdown(written.pages[0]), end="")
    segments = f"{len(written.pages)} segment" + ("" if len(written.pages) == 1 else "s")
    print(f"wrote {len(written.files)} files ({segments}) to {out}")
    return 0


def _bench(args: argparse.Namespace, paths: Paths) -> int:
    import subprocess

    if args.days < 2:
        raise ChainsegError("--days must be at least 2 (the half history needs a day)")
    from benchmarks.bench import bench, render

    try:
        figures = bench(
            paths.home,
            scale=args.scale,
            days=args.days,
            seed=args.seed,
            history=not args.no_history,
            say=lambda line: print(line, flush=True),
        )
    except (RuntimeError, subprocess.CalledProcessError) as error:  # a child that failed
        raise ChainsegError(f"bench: {error}") from None
    print(render(figures))
    return 0


COMMANDS = {
    "generate": _generate,
    "run": _run,
    "check": _check,
    "history": _history,
    "ui": _ui,
    "docs": _docs,
    "whatif": _whatif,
    "playbook": _playbook,
    "bench": _bench,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    paths = resolve_paths()
    announce_as(f"chainseg {args.command}")  # named in the lock files it holds
    try:
        export_environment(paths)  # a bad CHAINSEG_THREADS ends here in one line
        return COMMANDS[args.command](args, paths)
    except (ChainsegError, LockTimeout, ValueError, OSError) as error:
        message = str(error).splitlines()[0] if str(error) else type(error).__name__
        print(f"chainseg: error: {message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("chainseg: interrupted", file=sys.stderr)
        return 130


def console() -> None:
    """The installed ``chainseg`` command: ``main``, then an exit without the garbage
    collector's shutdown passes (why: ``settings.dbt.dbt_main``)."""
    code = main()
    gc.freeze()
    sys.exit(code)


if __name__ == "__main__":
    console()
