"""Benchmark `chainseg generate`: wall time and peak memory at a scale, in a fresh process.

python -m benchmarks.generate --scale 1
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from benchmarks.measure import measure


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="chainseg-bench-") as tmp:
        out = Path(tmp) / "landing"
        result = measure(
            [
                sys.executable,
                "-m",
                "chainseg.cli",
                "generate",
                "--scale",
                str(args.scale),
                "--seed",
                str(args.seed),
                "--out",
                str(out),
            ]
        )
        size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    print(result.stdout.strip())
    print(
        f"generate --scale {args.scale}: {result.seconds:.1f} s, peak {result.peak_mb:.0f} MB, "
        f"{size / 2**20:.0f} MiB written"
    )


if __name__ == "__main__":
    main()
