"""Reading the generator's extracts straight from the files (no pipeline) in DuckDB."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

#: ERP extracts as text, defective rows skipped.
ERP_CSV = (
    "delim='|', header=true, all_varchar=true, quote='', escape='', ignore_errors=true, "
    "union_by_name=true"
)


def files_sql(run: tuple[Path, dict]) -> Callable[[str], str]:
    """For a generator run (root, manifest): ``files("erp/stock")`` is the SQL list of the
    entity's files, without the duplicate deliveries and rejected files the manifest names."""
    root, manifest = run
    skip = set(manifest["duplicate_files"]) | set(manifest["rejected_files"])

    def files(entity: str) -> str:
        paths = [
            f"'{root / rel}'"
            for rel in sorted(manifest["files"])
            if rel.startswith(entity + "/") and rel not in skip
        ]
        return "[" + ", ".join(paths) + "]"

    return files
