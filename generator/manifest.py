"""The manifest written beside the extracts: what was written and what was injected where.

``<out>/_manifest.json`` holds the run parameters, every file with its row count and
sha256, the injected defects per class and entity (see ``generator.defects``), the total
data rows written per entity, and lists that let a test find the odd files: duplicated
files, files with an extra column, rejected files (missing a column) and snapshot files
identical to the previous delivery of the same entity.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path


class Manifest:
    """Accumulates what a run writes; ``to_dict`` gives the JSON document."""

    def __init__(self, parameters: dict) -> None:
        self.parameters = parameters
        self.files: dict[str, dict] = {}
        self.injected: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        self.rows_written: dict[str, int] = defaultdict(int)
        self.duplicate_files: dict[str, str] = {}
        self.extra_column_files: dict[str, str] = {}
        self.rejected_files: dict[str, str] = {}
        self.redelivered_files: dict[str, str] = {}
        self.unchanged_snapshots: dict[str, str] = {}
        self.business: dict[str, int] = defaultdict(int)

    def count(self, defect: str, entity: str, n: int = 1) -> None:
        if n:
            self.injected[defect][entity] += int(n)

    def add_file(self, relpath: str, entity: str, rows: int, sha256: str) -> None:
        self.files[relpath] = {"rows": int(rows), "sha256": sha256}
        self.rows_written[entity] += int(rows)

    def to_dict(self, classes: list[str]) -> dict:
        injected = {c: dict(sorted(self.injected.get(c, {}).items())) for c in classes}
        extra_names: dict[str, list[str]] = defaultdict(list)
        for path, name in self.extra_column_files.items():
            entity = "/".join(path.split("/")[:2])
            if name not in extra_names[entity]:
                extra_names[entity].append(name)
        return {
            "parameters": self.parameters,
            "files": dict(sorted(self.files.items())),
            "injected": injected,
            "extra_column_names": {k: sorted(v) for k, v in sorted(extra_names.items())},
            "rows_written": dict(sorted(self.rows_written.items())),
            "duplicate_files": dict(sorted(self.duplicate_files.items())),
            "extra_column_files": dict(sorted(self.extra_column_files.items())),
            "rejected_files": dict(sorted(self.rejected_files.items())),
            "redelivered_files": dict(sorted(self.redelivered_files.items())),
            "unchanged_snapshots": dict(sorted(self.unchanged_snapshots.items())),
            "business": dict(sorted(self.business.items())),
        }

    def write(self, out: Path, classes: list[str]) -> dict:
        doc = self.to_dict(classes)
        (out / "_manifest.json").write_text(
            json.dumps(doc, indent=1, sort_keys=False) + "\n", encoding="utf-8"
        )
        return doc
