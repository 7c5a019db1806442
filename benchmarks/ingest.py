"""Benchmark ingestion against a plain DuckDB read of the same files, per format.

    python -m benchmarks.ingest --scale 1 [--landing DIR] [--days N] [--seed K] [--repeat R]

Without ``--landing`` it generates the extracts into a temporary folder first. For each
landing format (ERP pipe CSV, procurement CSV, TMS JSON Lines, POS Parquet) it runs, each
in a fresh child process: chainseg's ``load_landing`` of that format's entities into an
empty warehouse file, and a plain DuckDB ``read_csv`` / ``read_json`` / ``read_parquet`` of
the same files into ``create table ... as`` in another empty warehouse file (declared
columns, no sniffing). The two alternate ``--repeat`` times; the best time and the highest
peak of each are kept (the machine is shared, the best run is the least disturbed one). It
prints rows, seconds, rows/s and peak memory of both, and the throughput ratio chainseg /
plain.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from benchmarks.measure import Measurement, measure
from ingestion import discover, load_landing
from ingestion.entities import ENTITIES, Entity

FORMATS = {
    "csv_pipe": "ERP pipe CSV",
    "csv": "procurement CSV",
    "jsonl": "TMS JSON Lines",
    "parquet": "POS Parquet",
}

_PLAIN_CSV = {
    "csv_pipe": "delim = '|', quote = '', escape = ''",
    "csv": "delim = ',', quote = '\"', escape = '\"'",
    "csv_oracle": "delim = ',', quote = '\"', escape = '\"'",
}


def _entities(fmt: str) -> list[Entity]:
    return [e for e in ENTITIES if e.format == fmt]


def _plain_reader(entity: Entity) -> str:
    """The plain DuckDB read of an entity's files (``$files``), columns declared."""
    columns = ", ".join(f"'{c}': '{entity.column_type(c)}'" for c in entity.columns)
    if entity.format in _PLAIN_CSV:
        return (
            f"read_csv($files, header = true, {_PLAIN_CSV[entity.format]}, "
            f"columns = {{{columns}}}, auto_detect = false, ignore_errors = true)"
        )
    if entity.format == "jsonl":
        return (
            "read_json($files, format = 'newline_delimited', "
            f"columns = {{{columns}}}, ignore_errors = true)"
        )
    return "read_parquet($files, union_by_name = true)"


def run_plain(landing: Path, fmt: str, warehouse: Path) -> dict[str, float]:
    found = discover(landing)
    started, cpu_started = time.perf_counter(), time.process_time()
    rows = 0
    with duckdb.connect(str(warehouse)) as conn:
        for entity in _entities(fmt):
            files = [str(f) for fs in found.get(entity.qualified, {}).values() for f in fs]
            if not files:
                continue
            conn.execute(
                f"create table {entity.raw_table} as select * from {_plain_reader(entity)}",
                {"files": files},
            )
            rows += conn.execute(f"select count(*) from {entity.raw_table}").fetchall()[0][0]
    return {
        "rows": rows,
        "seconds": time.perf_counter() - started,
        "cpu_seconds": time.process_time() - cpu_started,
    }


def run_chainseg(landing: Path, fmt: str, warehouse: Path) -> dict[str, float]:
    started, cpu_started = time.perf_counter(), time.process_time()
    with duckdb.connect(str(warehouse)) as conn:
        results = load_landing(conn, landing, entities=[e.qualified for e in _entities(fmt)])
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started
    return {
        "rows": sum(r.rows_read for r in results),
        "loaded": sum(r.rows_loaded for r in results),
        "quarantined": sum(r.rows_quarantined for r in results),
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
    }


def _child(kind: str, landing: Path, fmt: str, workdir: Path) -> tuple[dict, Measurement]:
    """One measurement in a fresh process and a fresh warehouse file."""
    for stale in workdir.glob(f"{kind}_{fmt}.duckdb*"):
        stale.unlink()
    run = measure(
        [
            sys.executable,
            "-m",
            "benchmarks.ingest",
            "--child",
            kind,
            "--format",
            fmt,
            "--landing",
            str(landing),
            "--workdir",
            str(workdir),
        ]
    )
    # The last line is the child's JSON (DuckDB may draw a progress bar before it).
    return json.loads(run.stdout.strip().splitlines()[-1]), run


def _best(runs: list[tuple[dict, Measurement]]) -> tuple[dict, float]:
    """The fastest run's figures and the highest peak memory of all runs."""
    best = min((figures for figures, _ in runs), key=lambda figures: figures["seconds"])
    return best, max(run.peak_mb for _, run in runs)


def _warm_cache(landing: Path) -> None:
    """Read every file once so neither side pays for cold disk reads."""
    for path in landing.rglob("*"):
        if path.is_file():
            with open(path, "rb") as handle:
                while handle.read(1 << 20):
                    pass


def _rate(rows: float, seconds: float) -> float:
    return rows / seconds if seconds else 0.0


def benchmark(landing: Path, workdir: Path, repeat: int) -> list[dict[str, object]]:
    _warm_cache(landing)
    table = []
    for fmt, label in FORMATS.items():
        plain_runs, ours_runs = [], []
        for _ in range(repeat):  # alternate, so both see the same background load
            plain_runs.append(_child("plain", landing, fmt, workdir))
            ours_runs.append(_child("chainseg", landing, fmt, workdir))
        p, p_peak = _best(plain_runs)
        c, c_peak = _best(ours_runs)
        c_rate, p_rate = _rate(c["rows"], c["seconds"]), _rate(p["rows"], p["seconds"])
        c_cpu = _rate(c["rows"], min(f["cpu_seconds"] for f, _ in ours_runs))
        p_cpu = _rate(p["rows"], min(f["cpu_seconds"] for f, _ in plain_runs))
        table.append(
            {
                "format": label,
                "rows": c["rows"],
                "quarantined": c["quarantined"],
                "chainseg_s": c["seconds"],
                "chainseg_rows_s": c_rate,
                "chainseg_peak_mb": c_peak,
                "plain_rows": p["rows"],
                "plain_s": p["seconds"],
                "plain_rows_s": p_rate,
                "plain_peak_mb": p_peak,
                "ratio": c_rate / p_rate if p_rate else float("nan"),
                "cpu_ratio": c_cpu / p_cpu if p_cpu else float("nan"),
            }
        )
    return table


def render(table: list[dict[str, object]]) -> str:
    """A Markdown table; ``ratio`` is chainseg rows/s over plain rows/s (wall clock),
    ``cpu ratio`` the same per CPU-second (robust to other load on a shared machine)."""
    header = (
        "| format | rows | quarantined | chainseg s | chainseg rows/s | chainseg peak MB "
        "| plain rows | plain s | plain rows/s | plain peak MB | ratio | cpu ratio |"
    )
    lines = [header, "|" + "---|" * 12]
    for r in table:
        lines.append(
            f"| {r['format']} | {r['rows']:,} | {r['quarantined']:,} | {r['chainseg_s']:.2f} "
            f"| {r['chainseg_rows_s']:,.0f} | {r['chainseg_peak_mb']:.0f} | {r['plain_rows']:,} "
            f"| {r['plain_s']:.2f} | {r['plain_rows_s']:,.0f} | {r['plain_peak_mb']:.0f} "
            f"| {r['ratio']:.2f} | {r['cpu_ratio']:.2f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--landing", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", choices=["plain", "chainseg"], help=argparse.SUPPRESS)
    parser.add_argument("--format", choices=list(FORMATS), help=argparse.SUPPRESS)
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        warehouse = args.workdir / f"{args.child}_{args.format}.duckdb"
        run = run_plain if args.child == "plain" else run_chainseg
        print(json.dumps(run(args.landing, args.format, warehouse)))
        return
    with tempfile.TemporaryDirectory(prefix="chainseg-bench-ingest-") as tmp:
        workdir = Path(tmp)
        landing = args.landing
        if landing is None:
            from generator import generate

            landing = workdir / "landing"
            started = time.perf_counter()
            generate(landing, scale=args.scale, days=args.days, seed=args.seed)
            print(
                f"generated --scale {args.scale} --days {args.days} in "
                f"{time.perf_counter() - started:.0f} s",
                file=sys.stderr,
            )
        print(f"ingestion vs plain DuckDB read, landing {landing}")
        print(render(benchmark(landing.resolve(), workdir, args.repeat)))


if __name__ == "__main__":
    main()
