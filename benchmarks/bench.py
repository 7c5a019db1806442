"""`chainseg bench`: the full build, the next day's run and a raw-DuckDB baseline, per stage.

Under ``$CHAINSEG_HOME/bench/``:

1. ``extracts-s<S>-d<D>-seed<K>/``: ``chainseg generate`` of D + 2 days at scale S (reused
   when it exists). The generator delivers the snapshot masters (FX rates among them) every
   28 days and on its last day, so day D + 1 is an ordinary day (unless D is a multiple of
   28) and day D + 2 a master delivery day: the bench runs both, as each daily run's label
   says. The dbt project is parsed first when it changed since its last parse (a build
   product of the code, like the install: no timed run pays for it).
2. ``homes/year/``: a fresh data home whose landing holds the first D days (hard links);
   ``chainseg run`` as a child process = the **full build**; then the next day's folders
   are landed and ``chainseg run`` again = the **daily run**; then day D + 2's = the
   **master day**; then once more with nothing new landed = the **floor**, what a run costs
   whatever its delta (start-up, dbt, Dagster, the quality suites' freshness checks and their
   datasets, the publication).
3. The **raw baseline** over the same D days: the plain DuckDB readers into a scratch file
   (``benchmarks.baseline ingest``, every entity), then ``benchmarks/baseline.sql`` (cost to
   serve per line, product ABC-XYZ, supplier Kraljic, for the SAP business unit: the Oracle
   unit would need the master cross-reference in SQL) — each a child process, run twice, the
   faster kept (``BASELINE_RUNS``); and the quality lower bound: one SQL aggregate evaluating
   the conditions of the run's quality stage, the Great Expectations suites' and the dbt data
   tests', on the full build's warehouse (``benchmarks.quality``).
4. ``homes/half/`` (unless ``--no-history``): the full build over the first D / 2 days and
   its next day, to compare the daily run after half the history with the daily run after
   all of it (the bench chooses an ordinary next day for both), and to show where it grows:
   each Dagster step and the dbt nodes that took longer after a year (``stages.growth``).

Every `chainseg run` is split into stages by ``benchmarks.stages`` (wall seconds and the peak
resident set of its whole process tree). The table is printed and written with everything
else to ``$CHAINSEG_HOME/bench/<timestamp>.json``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from benchmarks.measure import Measurement, measure
from benchmarks.stages import (
    INGEST,
    LEGEND,
    OVERHEAD,
    QUALITY,
    STAGES,
    Attribution,
    Interval,
    ProcessTreeSampler,
    attribute,
    dbt_step_intervals,
    growth,
    part_seconds,
    step_stage,
)
from ingestion.entities import ENTITIES, EVERY_28_DAYS
from settings.dbt import manifest_is_current, prepare_manifest
from settings.paths import PROJECT_ROOT

#: environment variables a child `chainseg` must not inherit from this process: the paths
#: this command resolved for its own home (``export_environment``), the spill folder among
#: them. A child resolves its own, so its dbt profile is the one a `chainseg run` in that home
#: has (dbt keeps a parse only for the same profile).
_PATH_VARIABLES = (
    "CHAINSEG_LANDING_DIR",
    "CHAINSEG_WAREHOUSE",
    "CHAINSEG_DAGSTER_STORAGE",
    "CHAINSEG_TEMP_DIRECTORY",
    "DAGSTER_HOME",
)
_DBT_TESTS = ("test.", "unit_test.")
_RUN_LINE = re.compile(r"^\s*(\w+): run ([0-9a-f-]{36}) (?:succeeded|FAILED)", re.MULTILINE)


@dataclass
class RunFigures:
    """One measured `chainseg run`."""

    label: str
    seconds: float
    returncode: int
    log: str
    stages: dict[str, float]
    peak_mb: dict[str, float]
    peak_total_mb: float
    gx_seconds: float  # the Great Expectations steps (part of the quality stage)
    parts: dict[str, float]  # seconds of each Dagster step and dbt node (stages.part_seconds)


def _child_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _PATH_VARIABLES}
    env["CHAINSEG_HOME"] = str(home)
    return env


def _date_dirs(landing: Path) -> dict[date, list[Path]]:
    """``<system>/<entity>/<date>`` folders of a landing, by extract date."""
    found: dict[date, list[Path]] = {}
    for folder in sorted(landing.glob("*/*/*")):
        try:
            day = date.fromisoformat(folder.name)
        except ValueError:
            continue
        if folder.is_dir():
            found.setdefault(day, []).append(folder)
    return found


def _link_tree(source: Path, target: Path) -> None:
    """Hard links of every file of ``source`` under ``target`` (a copy across devices)."""
    for path in sorted(source.rglob("*")):
        if not path.is_file():
            continue
        dest = target / path.relative_to(source)
        dest.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(path, dest)
        except OSError:
            shutil.copy2(path, dest)


def land(extracts: Path, home: Path, days: list[date]) -> None:
    """Land the extract-date folders of ``days`` from the generated set into a data home."""
    by_day = _date_dirs(extracts)
    for day in days:
        for folder in by_day.get(day, []):
            _link_tree(folder, home / "landing" / folder.relative_to(extracts))


def fresh_home(home: Path) -> None:
    if home.exists():
        shutil.rmtree(home)
    (home / "landing").mkdir(parents=True)


def ensure_extracts(root: Path, scale: float, days: int, seed: int, say: Callable) -> Path:
    """The generated D + 2 days at this scale, generated once and then reused."""
    extracts = root / f"extracts-s{scale:g}-d{days}-seed{seed}"
    manifest = extracts / "_manifest.json"
    if manifest.is_file() and _generated_days(manifest) == days + 2:
        say(f"reusing the extracts in {extracts}")
        return extracts
    shutil.rmtree(extracts, ignore_errors=True)
    say(f"generating {days + 2} days at scale {scale:g} into {extracts} …")
    argv = [sys.executable, "-m", "chainseg.cli", "generate", "--scale", f"{scale:g}"]
    argv += ["--days", str(days + 2), "--seed", str(seed), "--out", str(extracts)]
    subprocess.run(argv, check=True, cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL)
    return extracts


def _generated_days(manifest: Path) -> int | None:
    """The day count a generated set was written with (an earlier bench wrote D + 1)."""
    return json.loads(manifest.read_text()).get("parameters", {}).get("days")


#: the snapshot masters delivered every 28 days (``erp/stock``, a daily snapshot, is not one)
MASTERS = frozenset(f"{e.system}/{e.name}" for e in ENTITIES if e.cadence_days == EVERY_28_DAYS)


def delivers_masters(extracts: Path, day: date) -> bool:
    """Whether the generated set delivers snapshot masters (FX rates among them) on ``day``:
    such a day rebuilds what joins them, an ordinary day only adds the day's deltas."""
    folders = _date_dirs(extracts).get(day, [])
    return any(f"{f.parent.parent.name}/{f.parent.name}" in MASTERS for f in folders)


def _day_label(extracts: Path, day: date, days_before: int) -> str:
    kind = "master delivery day" if delivers_masters(extracts, day) else "ordinary day"
    return f"+ {day} ({kind}) after {days_before} days"


def dagster_intervals(home: Path, run_ids: list[str]) -> list[Interval]:
    """The stage intervals of some runs of a data home's Dagster instance: one per step,
    dbt steps replaced by their nodes (``benchmarks.stages``)."""
    saved = {k: os.environ.get(k) for k in ("CHAINSEG_DAGSTER_STORAGE", "DAGSTER_HOME")}
    os.environ["CHAINSEG_DAGSTER_STORAGE"] = str(home / "dagster")
    os.environ["DAGSTER_HOME"] = str(PROJECT_ROOT)
    try:
        import dagster as dg

        kinds = {
            dg.DagsterEventType.STEP_START,
            dg.DagsterEventType.STEP_SUCCESS,
            dg.DagsterEventType.STEP_FAILURE,
        }
        found: list[Interval] = []
        with dg.DagsterInstance.get() as instance:
            for run_id in run_ids:
                run = instance.get_run_by_id(run_id)
                if run is None:
                    continue
                started: dict[str, float] = {}
                for record in instance.all_logs(run_id, of_type=kinds):
                    step = record.step_key or ""
                    event = record.dagster_event
                    if event is not None and event.event_type == dg.DagsterEventType.STEP_START:
                        started[step] = record.timestamp
                        continue
                    start = started.pop(step, record.timestamp)
                    stage = step_stage(run.job_name, step)
                    if stage is None:
                        found += dbt_step_intervals(home / "dbt", step, run_id)
                        # the step as a whole, for its own time only: its nodes make the stages
                        found.append(Interval(OVERHEAD, start, record.timestamp, step))
                    else:
                        found.append(Interval(stage, start, record.timestamp, step))
        return found
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def chainseg_run(home: Path, label: str) -> RunFigures:
    """`chainseg run` on a data home as a child process, sampled and split into stages."""
    log = home / f"bench-{label}.log"
    argv = [sys.executable, "-m", "chainseg.cli", "run"]
    with log.open("w") as out:
        started = time.time()
        child = subprocess.Popen(
            argv, stdout=out, stderr=subprocess.STDOUT, cwd=PROJECT_ROOT, env=_child_env(home)
        )
        sampler = ProcessTreeSampler(child.pid)
        sampler.start()
        returncode = child.wait()
        ended = time.time()
        sampler.stop.set()
        sampler.join()
    run_ids = [run_id for _, run_id in _RUN_LINE.findall(log.read_text())]
    intervals = dagster_intervals(home, run_ids)
    split: Attribution = attribute(intervals, started, ended, sampler.samples)
    gx = [i for i in intervals if i.stage == QUALITY and not i.name.startswith(_DBT_TESTS)]
    return RunFigures(
        label=label,
        seconds=ended - started,
        returncode=returncode,
        log=str(log),
        stages=split.seconds,
        peak_mb=split.peak_mb,
        peak_total_mb=split.peak_total_mb,
        gx_seconds=sum(i.end - i.start for i in gx),
        parts=part_seconds(intervals),
    )


#: runs of the raw baseline, the fastest kept: the plain readers' time follows what the page
#: cache still holds of the extracts (15-23 s at scale 1 for the same files, one run each)
BASELINE_RUNS = 2


def _child(argv: list[str]) -> tuple[Measurement, dict[str, Any]]:
    run = measure([sys.executable, *argv])
    return run, json.loads(run.stdout.strip().splitlines()[-1])


def _ratio(a: float, b: float) -> float | None:
    return round(a / b, 2) if b else None


def bench(
    home: Path,
    *,
    scale: float = 1.0,
    days: int = 365,
    seed: int = 42,
    history: bool = True,
    say: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Everything of the module docstring; returns the figures (also written as JSON)."""
    root = home / "bench"
    root.mkdir(parents=True, exist_ok=True)
    load_start = os.getloadavg()
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    extracts = ensure_extracts(root, scale, days, seed, say)
    if not manifest_is_current():
        say("parsing the dbt project (changed since its last parse) …")
        prepare_manifest()
    first = min(_date_dirs(extracts))
    all_days = [first + timedelta(days=i) for i in range(days + 2)]

    figures: dict[str, Any] = {
        "timestamp": stamp,
        "scale": scale,
        "days": days,
        "seed": seed,
        "cpus": os.cpu_count(),
        "load_average_start": [round(x, 2) for x in load_start],
        "extracts": str(extracts),
    }
    year = root / "homes" / "year"
    fresh_home(year)
    land(extracts, year, all_days[:days])
    say(f"full build: chainseg run over {days} extract dates ({year}) …")
    full = chainseg_run(year, "full")
    say(f"  {full.seconds:.1f} s, exit {full.returncode}, log {full.log}")
    if not (year / "warehouse.duckdb").is_file():
        raise RuntimeError(f"the full build made no warehouse (exit {full.returncode}): {full.log}")

    say(
        f"raw baseline, best of {BASELINE_RUNS}: the plain DuckDB readers, then "
        "benchmarks/baseline.sql …"
    )
    scratch = root / "baseline.duckdb"
    landing = str(year / "landing")
    readers: list[tuple[Measurement, dict[str, Any]]] = []
    scripts: list[tuple[Measurement, dict[str, Any]]] = []
    for _ in range(BASELINE_RUNS):
        for stale in root.glob("baseline.duckdb*"):
            stale.unlink()
        readers.append(
            _child(
                ["-m", "benchmarks.baseline", "ingest", "--landing", landing, "--db", str(scratch)]
            )
        )
        scripts.append(_child(["-m", "benchmarks.baseline", "sql", "--db", str(scratch)]))
        say(
            f"  readers {readers[-1][0].seconds:.1f} s ({readers[-1][1]['rows']:,} rows), "
            f"SQL {scripts[-1][0].seconds:.1f} s"
        )
    plain, plain_out = min(readers, key=lambda run: run[0].seconds)
    sql, sql_out = min(scripts, key=lambda run: run[0].seconds)

    say("quality lower bound: one SQL aggregate over the suites' and dbt tests' conditions …")
    from benchmarks.quality import DBT_TESTS, measure_lower_bound

    conditions, quality_sql, quality_out = measure_lower_bound(
        year / "warehouse.duckdb", root / "quality", dbt_tests=True
    )
    dbt_tests = sum(1 for c in conditions if c.suite == DBT_TESTS)
    # the suites' conditions alone (the measure of the Great Expectations steps): the child's
    # wall time without its dbt tests, which it runs last and times
    suites_seconds = quality_sql.seconds - quality_out["tests_seconds"]
    say(
        f"  {quality_sql.seconds:.1f} s for {len(conditions)} conditions "
        f"({suites_seconds:.1f} s for the suites' {len(conditions) - dbt_tests})"
    )

    labels = {"daily": _day_label(extracts, all_days[days], days)}
    land(extracts, year, [all_days[days]])
    say(f"daily run: {labels['daily']} …")
    daily = chainseg_run(year, "daily")
    say(f"  {daily.seconds:.1f} s, exit {daily.returncode}")
    labels["master_day"] = _day_label(extracts, all_days[days + 1], days + 1)
    land(extracts, year, [all_days[days + 1]])
    say(f"daily run: {labels['master_day']} …")
    master_day = chainseg_run(year, "master_day")
    say(f"  {master_day.seconds:.1f} s, exit {master_day.returncode}")
    labels["floor"] = "nothing new landed since the master day's run"
    say("run with nothing new landed (the floor) …")
    floor = chainseg_run(year, "floor")
    say(f"  {floor.seconds:.1f} s, exit {floor.returncode}")

    half_daily: RunFigures | None = None
    half_full: RunFigures | None = None
    if history:
        half_days = days // 2
        while delivers_masters(extracts, all_days[half_days]):  # like with like: an ordinary day
            half_days += 1
        half = root / "homes" / "half"
        fresh_home(half)
        land(extracts, half, all_days[:half_days])
        say(f"half history: chainseg run over {half_days} extract dates ({half}) …")
        half_full = chainseg_run(half, "full")
        labels["half_daily"] = _day_label(extracts, all_days[half_days], half_days)
        land(extracts, half, [all_days[half_days]])
        say(f"  {half_full.seconds:.1f} s; daily run: {labels['half_daily']} …")
        half_daily = chainseg_run(half, "daily")
        say(f"  {half_daily.seconds:.1f} s, exit {half_daily.returncode}")

    baseline = {
        "ingest": {"seconds": plain.seconds, "peak_mb": plain.peak_mb, "rows": plain_out["rows"]},
        "transforms": {"seconds": sql.seconds, "peak_mb": sql.peak_mb, "rows": sql_out},
        "quality": {
            "seconds": quality_sql.seconds,
            "peak_mb": quality_sql.peak_mb,
            "conditions": len(conditions) - dbt_tests,
            "dbt_tests": dbt_tests,
            "suites_seconds": suites_seconds,
        },
    }
    raw_total = plain.seconds + sql.seconds
    gx_quality = full.gx_seconds
    figures.update(
        {
            "full": asdict(full),
            "daily": asdict(daily),
            "master_day": asdict(master_day),
            "floor": asdict(floor),
            "labels": labels,
            "half_full": asdict(half_full) if half_full else None,
            "half_daily": asdict(half_daily) if half_daily else None,
            "baseline": baseline,
            "ratios": {
                "full_over_raw": _ratio(full.seconds, raw_total),
                "ingest_over_plain_readers": _ratio(full.stages[INGEST], plain.seconds),
                "transforms_over_raw_sql": _ratio(_transforms(full), sql.seconds),
                "daily_over_full": _ratio(daily.seconds, full.seconds),
                "master_day_over_full": _ratio(master_day.seconds, full.seconds),
                "floor_over_full": _ratio(floor.seconds, full.seconds),
                "daily_year_over_daily_half_year": (
                    _ratio(daily.seconds, half_daily.seconds) if half_daily else None
                ),
                "quality_over_raw_sql": _ratio(full.stages[QUALITY], quality_sql.seconds),
                "gx_steps_over_raw_sql": _ratio(gx_quality, suites_seconds),
            },
            "gx_steps_seconds_full": gx_quality,
            "growth": growth(daily.parts, half_daily.parts) if half_daily else None,
            "legend": LEGEND,
            "load_average_end": [round(x, 2) for x in os.getloadavg()],
        }
    )
    out = root / f"{stamp}.json"
    out.write_text(json.dumps(figures, indent=2, default=str))
    figures["json"] = str(out)
    return figures


def _transforms(run: RunFigures) -> float:
    """The dbt model stages of a run (what the baseline SQL script stands for)."""
    return sum(run.stages[s] for s in ("staging/cleansing", "facts", "segmentation/marts"))


def render(figures: dict[str, Any]) -> str:
    """The printed report: the per-stage table, the baseline, the ratios, the legend."""
    runs = [
        ("full build", figures["full"]),
        ("daily", figures["daily"]),
        ("master day", figures["master_day"]),
        ("floor", figures["floor"]),
    ]
    if figures.get("half_daily"):
        runs += [("half: full", figures["half_full"]), ("half: daily", figures["half_daily"])]
    base = figures["baseline"]
    raw = {
        INGEST: base["ingest"],
        "transforms": base["transforms"],
        QUALITY: base["quality"],
    }
    head = f"{'stage':<20}" + "".join(f"{name:>22}" for name, _ in runs) + f"{'raw DuckDB':>22}"
    lines = [
        f"chainseg bench --scale {figures['scale']:g} --days {figures['days']} "
        f"(seed {figures['seed']}), {figures['cpus']} CPUs, load average at start "
        f"{' '.join(f'{x:.2f}' for x in figures['load_average_start'])}",
        "seconds / peak RSS MB of the whole process tree",
        head,
        "-" * len(head),
    ]
    for stage in STAGES:
        cells = "".join(
            f"{run['stages'][stage]:>12.1f} s {run['peak_mb'][stage]:>5.0f} MB" for _, run in runs
        )
        if stage == INGEST:
            extra = raw[INGEST]
        elif stage == "segmentation/marts":
            extra = raw["transforms"]
        elif stage == QUALITY:
            extra = raw[QUALITY]
        else:
            extra = None
        tail = f"{extra['seconds']:>12.1f} s {extra['peak_mb']:>5.0f} MB" if extra else ""
        lines.append(f"{stage:<20}{cells}{tail}")
    total = "".join(f"{run['seconds']:>12.1f} s {run['peak_total_mb']:>5.0f} MB" for _, run in runs)
    raw_total = base["ingest"]["seconds"] + base["transforms"]["seconds"]
    raw_peak = max(base["ingest"]["peak_mb"], base["transforms"]["peak_mb"])
    lines.append(f"{'total':<20}{total}{raw_total:>12.1f} s {raw_peak:>5.0f} MB")
    failed = [name for name, run in runs if run["returncode"]]
    if failed:
        lines.append(f"NOTE: chainseg run exited non-zero for: {', '.join(failed)} (see logs)")
    r = figures["ratios"]
    lines += [
        "",
        "raw DuckDB column: ingest = plain read_csv/read_json/read_parquet of the same files "
        "into a scratch file;",
        "  segmentation/marts row = benchmarks/baseline.sql (all transforms: cost to serve per "
        "line, product ABC-XYZ, supplier Kraljic; the SAP business unit only, so the ratio "
        "is pessimistic for chainseg);",
        f"  quality = one SQL aggregate over the {base['quality']['conditions']} Great "
        f"Expectations conditions and the {base['quality'].get('dbt_tests', 0)} dbt data "
        "tests; total = readers + SQL script; the readers and the script each the faster of "
        f"{BASELINE_RUNS} runs",
        "",
        "ratios:",
        f"  full build / raw baseline (readers + SQL)       {_fmt(r['full_over_raw'])}",
        f"  ingest / plain readers                          {_fmt(r['ingest_over_plain_readers'])}",
        f"  dbt model stages / baseline SQL script          {_fmt(r['transforms_over_raw_sql'])}",
        f"  daily run / full build                          {_fmt(r['daily_over_full'])}",
        f"  master delivery day's run / full build          {_fmt(r['master_day_over_full'])}",
        f"  run with nothing new (the floor) / full build   {_fmt(r['floor_over_full'])}",
        f"  daily after a year / daily after half a year    "
        f"{_fmt(r['daily_year_over_daily_half_year'])}",
        f"  quality stage / raw SQL aggregate               {_fmt(r['quality_over_raw_sql'])}",
        f"    (its Great Expectations steps / the aggregate of their conditions alone "
        f"{_fmt(r['gx_steps_over_raw_sql'])})",
        *_growth_lines(figures.get("growth")),
        "",
        "days:",
        *(f"  {name:<19} {text}" for name, text in figures["labels"].items()),
        "",
        "stages:",
        *(f"  {stage:<19} {text}" for stage, text in figures["legend"].items()),
        "  wall seconds: each instant of a run goes to the stages running then (split evenly "
        "when several run at once), the rest is overhead; the rows add up to the total",
        "",
        f"load average at end {' '.join(f'{x:.2f}' for x in figures['load_average_end'])}",
        f"figures: {figures['json']}",
    ]
    return "\n".join(lines)


def _growth_lines(found: dict[str, Any] | None) -> list[str]:
    """Where the ordinary day's run grows with the history (``stages.growth``)."""
    if not found:
        return []
    steps = ", ".join(
        f"{name} {later:.1f}/{earlier:.1f}" for name, later, earlier in found["steps"]
    )
    later, earlier = found["dbt_nodes"]
    lines = [
        "",
        "where the daily run grows with the history (seconds after a year / after half a year):",
        f"  steps: {steps}",
        f"  dbt nodes' own seconds summed {later:.1f}/{earlier:.1f} (they overlap: dbt builds "
        "several at once); the nodes that grew most:",
    ]
    for name, node_later, node_earlier in found["most_grown"]:
        kind, _, node = name.split(".")[:3]  # a test's id ends in a hash: left out
        lines.append(
            f"    {node_later - node_earlier:+6.2f} s  {node_later:5.2f}/{node_earlier:5.2f}  "
            f"{kind} {node[:70]}"
        )
    return lines


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}x"


__all__ = ["OVERHEAD", "bench", "render"]
