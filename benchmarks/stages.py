"""Where a `chainseg run` spends its time and memory, per stage of the pipeline.

The run's own records are the source: the Dagster event log gives each step's start and end
(the ingest job's steps are ingestion; a ``*gx*`` / quality step is quality; the publication
step is publication), and the info-level ``dbt.log`` each dbt step leaves
(``$CHAINSEG_HOME/dbt/<step>-<run id>/``, JSON lines) gives each node's start and end: models
and seeds by folder (``STAGE_OF_FOLDER``), data and unit tests as quality. Time inside a dbt
step that no node covers (dbt start-up, parsing, event handling) and time between steps
(process start, Dagster) is ``overhead``.

Wall seconds are attributed by a sweep over the timeline: each instant goes to the stages
running then, split evenly when several run at once (parallel dbt threads), else to
overhead; so the stages add up to the run's wall time. Peak RSS of a stage is the largest
resident set of the whole process tree (``ProcessTreeSampler``) sampled while it ran.
"""

from __future__ import annotations

import bisect
import json
import os
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

INGEST = "ingest"
STAGING = "staging/cleansing"
FACTS = "facts"
MARTS = "segmentation/marts"
QUALITY = "quality"
PUBLICATION = "publication"
OVERHEAD = "overhead"
STAGES = (INGEST, STAGING, FACTS, MARTS, QUALITY, PUBLICATION, OVERHEAD)

#: what each stage number measures (printed under the table)
LEGEND = {
    INGEST: "steps of the ingest job (landing files -> raw.*, ledger, quarantine)",
    STAGING: "dbt seeds, models/staging, intermediate/{cleansing,data_quality,calendar,conformed}",
    FACTS: "dbt models/facts and models/master (dimensions)",
    MARTS: "dbt models/segmentation, models/marts and every other intermediate folder",
    QUALITY: "dbt data and unit tests + the Great Expectations steps",
    PUBLICATION: "the publication step (per-role BI releases)",
    OVERHEAD: "the rest of the wall time: process and Dagster start-up, dbt start-up and "
    "parsing inside dbt steps, time between steps",
}

#: dbt model folders (path prefixes relative to the project's models folder, as dbt's log
#: gives a node's path) and their stage; the first prefix that matches wins, a model matching
#: none is segmentation/marts
STAGE_OF_FOLDER = (
    ("staging/", STAGING),
    ("intermediate/cleansing/", STAGING),
    ("intermediate/data_quality/", STAGING),
    ("intermediate/calendar/", STAGING),
    ("intermediate/conformed/", STAGING),
    ("facts/", FACTS),
    ("master/", FACTS),
)


@dataclass(frozen=True)
class Interval:
    stage: str
    start: float  # epoch seconds
    end: float
    name: str = ""


def _epoch(text: str) -> float:
    """An ISO timestamp of dbt as epoch seconds: UTC, with or without the ``Z`` (a node's
    ``node_started_at`` is ``2026-12-03T14:14:53.677461``)."""
    return datetime.fromisoformat(text.replace("Z", "")).replace(tzinfo=UTC).timestamp()


def dbt_stage(resource_type: str, path: str) -> str | None:
    """The stage of one dbt node (``None`` for hooks and operations: overhead)."""
    if resource_type in ("test", "unit_test"):
        return QUALITY
    if resource_type == "seed":
        return STAGING
    if resource_type not in ("model", "snapshot"):
        return None
    for prefix, stage in STAGE_OF_FOLDER:
        if path.startswith(prefix):
            return stage
    return MARTS


def dbt_intervals(log_lines: Iterable[str]) -> list[Interval]:
    """One interval per dbt node that finished, from dbt's JSON log: its ``node_info`` start
    to its end, with its stage. A unit test's result line carries no node times: its start
    is its start line's, its end the result line's own time stamp."""
    nodes: dict[str, Mapping[str, Any]] = {}
    starts: dict[str, str] = {}
    ends: dict[str, str] = {}
    for line in log_lines:
        try:
            event = json.loads(line)
        except ValueError:  # a line cut short by a killed run
            continue
        node = event.get("data", {}).get("node_info")
        if not node:
            continue
        uid = node["unique_id"]
        if node.get("node_started_at"):
            starts.setdefault(uid, node["node_started_at"])
        if node.get("node_finished_at") or event["info"]["name"].endswith("Result"):
            ends[uid] = node.get("node_finished_at") or event["info"]["ts"]
            nodes[uid] = node
    found = []
    for uid, node in nodes.items():
        stage = dbt_stage(node.get("resource_type", ""), node.get("node_path", ""))
        if stage is not None and uid in starts:
            found.append(Interval(stage, _epoch(starts[uid]), _epoch(ends[uid]), uid))
    return found


def dbt_step_intervals(dbt_dir: Path, step: str, run_id: str) -> list[Interval]:
    """The node intervals of one dbt step of a run, from its folder under ``$HOME/dbt``."""
    log = dbt_dir / f"{step}-{run_id}" / "dbt.log"
    if not log.is_file():
        return []
    with log.open() as lines:
        return dbt_intervals(lines)


def step_stage(job: str, step: str) -> str | None:
    """The stage of a Dagster step (``None``: a dbt step, split by its nodes)."""
    if job == "ingest":
        return INGEST
    if step.startswith("dbt"):
        return None
    if "gx" in step or "quality" in step or "check" in step:
        return QUALITY
    if "publi" in step:
        return PUBLICATION
    return OVERHEAD


def part_seconds(intervals: Iterable[Interval]) -> dict[str, float]:
    """Seconds of each named part of a run: each Dagster step (a dbt step as a whole too) and
    each dbt node. Nodes of one dbt step overlap when dbt builds several at once."""
    parts: dict[str, float] = {}
    for interval in intervals:
        parts[interval.name] = parts.get(interval.name, 0.0) + interval.end - interval.start
    return parts


def is_dbt_node(part: str) -> bool:
    """A dbt node's unique id (``model.chainseg.x``), not a Dagster step's key."""
    return "." in part


#: a Dagster step shorter than this in both runs is summed with the others (``growth``)
MIN_STEP_LISTED = 0.5


def growth(
    later: Mapping[str, float], earlier: Mapping[str, float], top: int = 12
) -> dict[str, Any]:
    """Where a run took longer than a like run over a shorter history: every Dagster step
    with its seconds in both, the dbt nodes' own seconds summed in both, and the ``top`` dbt
    nodes that grew most, as ``[name, later s, earlier s]``."""
    names = set(later) | set(earlier)
    grown = sorted(
        (
            name
            for name in names
            if is_dbt_node(name) and later.get(name, 0.0) > earlier.get(name, 0.0)
        ),
        key=lambda name: (earlier.get(name, 0.0) - later.get(name, 0.0), name),
    )

    def row(name: str) -> list[Any]:
        return [name, round(later.get(name, 0.0), 2), round(earlier.get(name, 0.0), 2)]

    steps = [name for name in sorted(names) if not is_dbt_node(name)]
    listed = [n for n in steps if max(later.get(n, 0.0), earlier.get(n, 0.0)) >= MIN_STEP_LISTED]
    rest = [n for n in steps if n not in listed]
    return {
        "steps": [row(name) for name in listed]
        + [
            [
                f"{len(rest)} other steps",
                round(sum(later.get(n, 0.0) for n in rest), 2),
                round(sum(earlier.get(n, 0.0) for n in rest), 2),
            ]
        ],
        "dbt_nodes": [
            round(sum(v for k, v in runs.items() if is_dbt_node(k)), 1) for runs in (later, earlier)
        ],
        "most_grown": [row(name) for name in grown[:top]],
    }


@dataclass
class Attribution:
    seconds: dict[str, float] = field(default_factory=dict)
    peak_mb: dict[str, float] = field(default_factory=dict)
    wall: float = 0.0
    peak_total_mb: float = 0.0


def attribute(
    intervals: Iterable[Interval],
    start: float,
    end: float,
    samples: Iterable[tuple[float, float]] = (),
) -> Attribution:
    """Split ``[start, end]`` over the stages (see the module docstring); ``samples`` are
    ``(epoch, MB)`` of the process tree."""
    spans = [i for i in intervals if i.end > i.start and i.stage != OVERHEAD]
    cuts = sorted({start, end, *(max(start, min(end, t)) for i in spans for t in (i.start, i.end))})
    result = Attribution(seconds=dict.fromkeys(STAGES, 0.0), wall=end - start)
    for left, right in zip(cuts, cuts[1:], strict=False):
        active = {i.stage for i in spans if i.start < right and i.end > left}
        if not active:
            result.seconds[OVERHEAD] += right - left
        for stage in active:
            result.seconds[stage] += (right - left) / len(active)
    points = sorted(samples)
    covered = _merged(spans)
    for stage in STAGES:
        if stage == OVERHEAD:
            inside = [mb for t, mb in points if not _within(covered, t)]
        else:
            own = _merged([i for i in spans if i.stage == stage])
            inside = [mb for t, mb in points if _within(own, t)]
        result.peak_mb[stage] = max(inside, default=0.0)
    result.peak_total_mb = max((mb for _, mb in points), default=0.0)
    return result


def _merged(spans: Iterable[Interval]) -> list[tuple[float, float]]:
    """The union of intervals as sorted disjoint ``(start, end)`` pairs."""
    merged: list[tuple[float, float]] = []
    for span in sorted(spans, key=lambda i: i.start):
        if merged and span.start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], span.end))
        else:
            merged.append((span.start, span.end))
    return merged


def _within(merged: list[tuple[float, float]], t: float) -> bool:
    at = bisect.bisect_right(merged, (t, float("inf"))) - 1
    return at >= 0 and merged[at][0] <= t <= merged[at][1]


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                # "pid (comm) state ppid ...": comm may hold spaces, so split after ")"
                ppid = int(handle.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        tree.setdefault(ppid, []).append(int(entry))
    return tree


def tree_rss_mb(root: int) -> float:
    """Resident set of ``root`` and every descendant, in MB (from /proc; 0 if gone)."""
    tree, total, todo = _children(), 0, [root]
    page = os.sysconf("SC_PAGE_SIZE")
    while todo:
        pid = todo.pop()
        try:
            with open(f"/proc/{pid}/statm", encoding="ascii") as handle:
                total += int(handle.read().split()[1]) * page
        except (OSError, IndexError, ValueError):
            pass
        todo.extend(tree.get(pid, []))
    return total / 2**20


class ProcessTreeSampler(threading.Thread):
    """Samples the resident set of a process tree every ``every`` seconds until stopped."""

    def __init__(self, root: int, every: float = 0.25) -> None:
        super().__init__(daemon=True)
        self.root, self.every = root, every
        self.samples: list[tuple[float, float]] = []
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            self.samples.append((time.time(), tree_rss_mb(self.root)))
            self.stop.wait(self.every)
