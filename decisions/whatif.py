"""Service-level what-if scenarios: read from ``scenarios/*.yml``, built in dbt, printed.

A scenario file names one customer segment and its levers (``consolidation_window: week``,
``min_order_value_rc: 250``). The scenarios go to dbt as the ``whatif_scenarios`` var; the
``int_whatif_*`` models re-key that segment's orders, deliveries and shipments and re-cost
them with the baseline's rates, and ``marts.mart_whatif_results`` holds scenario × segment ×
measure (baseline, scenario, delta). Everything is checked here, so the var dbt renders into
SQL holds only known keys, a known segment and numbers.
"""

from __future__ import annotations

import json
import re
import subprocess
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import yaml

from settings.dbt import RUN_ARTEFACTS, dbt_command, dbt_environment, prune_runs
from settings.lock import writer_lock
from settings.paths import PROJECT_ROOT

SCENARIOS_DIR = PROJECT_ROOT / "scenarios"
#: the customer segments of customer_segment_policies
SEGMENTS = ("carriage_trade", "passive", "aggressive", "bargain_basement", "unsegmented")
WINDOWS = ("week",)
LEVERS = ("consolidation_window", "min_order_value_rc")
KEYS = {"description", "customer_segment", *LEVERS}
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
#: the models a what-if build rebuilds (everything downstream of the scenarios)
SELECTION = "int_whatif_scenarios+"


class ScenarioError(ValueError):
    """A scenario that cannot be run: unknown name, unknown key, bad value."""


@dataclass(frozen=True)
class Scenario:
    scenario_id: str
    description: str
    customer_segment: str
    consolidation_window: str | None = None
    min_order_value_rc: float | None = None

    def as_var(self) -> dict[str, Any]:
        return {
            "scenario_id": self.scenario_id,
            "description": self.description,
            "customer_segment": self.customer_segment,
            "consolidation_window": self.consolidation_window,
            "min_order_value_rc": self.min_order_value_rc,
        }


def available(folder: Path = SCENARIOS_DIR) -> list[str]:
    """The scenario names shipped in ``folder`` (file stems)."""
    return sorted(p.stem for p in folder.glob("*.yml"))


def parse_scenario(name: str, data: object) -> Scenario:
    """A scenario from its file's mapping, or ScenarioError saying what is wrong."""
    if not _NAME.match(name) or name == "baseline":
        raise ScenarioError(f"scenario name {name!r}: lower-case letters, digits and _")
    if not isinstance(data, dict):
        raise ScenarioError(f"scenario {name}: expected a mapping of keys")
    unknown = sorted(set(data) - KEYS)
    if unknown:
        raise ScenarioError(f"scenario {name}: unknown keys {unknown} (known: {sorted(KEYS)})")
    segment = data.get("customer_segment")
    if segment not in SEGMENTS:
        raise ScenarioError(f"scenario {name}: customer_segment must be one of {SEGMENTS}")
    window = data.get("consolidation_window")
    if window is not None and window not in WINDOWS:
        raise ScenarioError(f"scenario {name}: consolidation_window must be one of {WINDOWS}")
    value = data.get("min_order_value_rc")
    if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
        raise ScenarioError(f"scenario {name}: min_order_value_rc must be a number")
    if value is not None and value <= 0:
        raise ScenarioError(f"scenario {name}: min_order_value_rc must be greater than 0")
    if window is None and value is None:
        raise ScenarioError(f"scenario {name}: sets no lever (one of {LEVERS})")
    return Scenario(
        scenario_id=name,
        description=str(data.get("description") or name),
        customer_segment=segment,
        consolidation_window=window,
        min_order_value_rc=float(value) if value is not None else None,
    )


def load_scenario(name: str, folder: Path = SCENARIOS_DIR) -> Scenario:
    """The scenario ``folder/<name>.yml``."""
    path = folder / f"{name}.yml"
    if not path.is_file():
        shipped = ", ".join(available(folder))
        raise ScenarioError(f"no scenario {name!r} in {folder} (shipped: {shipped})")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise ScenarioError(f"scenario {name}: not valid YAML ({error})") from None
    return parse_scenario(name, data)


def dbt_vars(scenarios: list[Scenario]) -> str:
    """The ``--vars`` argument of a what-if build (JSON is YAML)."""
    return json.dumps({"whatif_scenarios": [s.as_var() for s in scenarios]})


def build(warehouse: Path, scenarios: list[Scenario], runs: Path) -> None:
    """``dbt build`` of the what-if models with these scenarios (and the baseline)."""
    work = runs / f"whatif-{uuid.uuid4()}"
    with writer_lock(warehouse):
        proc = subprocess.run(
            dbt_command(
                "build", "--select", SELECTION, "--vars", dbt_vars(scenarios), *RUN_ARTEFACTS
            ),
            env=dbt_environment(work, work, CHAINSEG_WAREHOUSE=str(warehouse)),
            capture_output=True,
            text=True,
        )
    prune_runs(runs)
    if proc.returncode != 0:
        lines = [line for line in (proc.stdout + proc.stderr).splitlines() if line.strip()]
        errors = [line for line in lines if "error" in line.lower()]
        detail = (errors or lines or [str(proc.returncode)])[0].strip()
        raise RuntimeError(f"what-if dbt build failed: {detail} (log {work / 'dbt.log'})")


Row = tuple[str, str, str, float | None, float | None, float | None]


def results(warehouse: Path, scenario_ids: list[str]) -> list[Row]:
    """The scenarios' rows of mart_whatif_results for their own segment, in display order."""
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        return conn.execute(
            """
            select scenario_id, customer_segment, measure, baseline_value, scenario_value, delta
            from marts.mart_whatif_results
            where is_scenario_segment and list_contains(?, scenario_id)
            order by list_position(?, scenario_id), measure_order
            """,
            [scenario_ids, scenario_ids],
        ).fetchall()


def _number(value: float | None, measure: str) -> str:
    if value is None:
        return "-"
    if measure.endswith(("_pct", "_share")):
        return f"{value * 100:,.1f} %"
    if measure.endswith("_days"):
        return f"{value:,.2f}"
    return f"{value:,.0f}" if abs(value) >= 1000 or float(value).is_integer() else f"{value:,.2f}"


def render(rows: list[Row]) -> str:
    """The rows as a fixed-width table, one block per scenario."""
    header = ("scenario", "segment", "measure", "baseline", "scenario", "delta")
    cells = [header] + [
        (s, seg, m, _number(b, m), _number(v, m), _number(d, m)) for s, seg, m, b, v, d in rows
    ]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]

    def line(row: tuple[str, ...]) -> str:
        left = [row[i].ljust(widths[i]) for i in range(3)]
        right = [row[i].rjust(widths[i]) for i in range(3, 6)]
        return "  ".join(left + right).rstrip()

    out = [line(header), "  ".join("-" * w for w in widths)]
    previous = None
    for row in cells[1:]:
        if previous is not None and row[0] != previous:
            out.append("")
        out.append(line(row))
        previous = row[0]
    return "\n".join(out)


def run(warehouse: Path, names: list[str], runs: Path) -> list[Row]:
    """Load, build and read back the named scenarios."""
    scenarios = [load_scenario(name) for name in dict.fromkeys(names)]
    build(warehouse, scenarios, runs)
    return results(warehouse, [s.scenario_id for s in scenarios])
