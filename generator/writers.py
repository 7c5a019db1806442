"""Writing extracts into the landing zone in each system's native format.

``Landing.deliver`` takes one entity's rows for one extract date (text columns for CSV and
JSON Lines, a typed table for Parquet), applies the file- and row-level defects of
``generator.defects``, serialises the file(s) byte-deterministically and records them in
the manifest:

- ERP: ``|``-delimited, no quoting, SAP header, UTF-8, LF;
- procurement: ``,`` with ``"`` quoting, snake_case header, CRLF; some files (spreadsheet
  exports) start with a UTF-8 BOM and quote every field;
- TMS: one JSON object per line, LF;
- POS: Parquet (snappy).
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from generator import defects as d
from generator.common import Context
from generator.manifest import Manifest
from ingestion.entities import Entity

#: Rows per part file; larger extract days are split.
PART_ROWS = 200_000
#: Part number used for a rejected file's corrected re-delivery on the next day.
REDELIVERY_PART = 90


@dataclass(frozen=True)
class TextSpec:
    """Which columns of an entity the row-level text defects may touch."""

    unpad: str | None = None  # ERP id sent padded; the defect sends it unpadded
    pad: tuple[str, int] | None = None  # id sent unpadded; the defect pads it to width
    whitespace: str | None = None
    lowercase: str | None = None
    unparseable: tuple[tuple[str, str], ...] = ()
    json_raw: frozenset[str] = field(default_factory=frozenset)  # JSON literals, not strings


@dataclass
class Rows:
    """One entity's rows for one extract date, ready to write."""

    columns: dict[str, pa.Array] | pa.Table
    protected: np.ndarray | None = None  # rows carrying a counted business defect
    versioned: np.ndarray | None = None  # first versions of re-sent keys: keep parseable

    @property
    def n(self) -> int:
        if isinstance(self.columns, pa.Table):
            return self.columns.num_rows
        return len(next(iter(self.columns.values())))


class Landing:
    """The landing root of one run; writes files and keeps the manifest up to date."""

    def __init__(self, ctx: Context, out: Path, manifest: Manifest) -> None:
        self.ctx = ctx
        self.out = out
        self.manifest = manifest
        self.rng = ctx.rng("landing")
        self._last_snapshot: dict[tuple[str, int], tuple[str, bytes, str | None]] = {}

    # -- public -------------------------------------------------------------------------

    def deliver(
        self,
        entity: Entity,
        day: int,
        rows: Rows,
        spec: TextSpec | None = None,
        *,
        stale: bool = False,
        first_part: int = 1,
    ) -> None:
        """Write ``rows`` as ``entity``'s delivery for extract ``day`` (may be several files).

        ``first_part``: number of the first file; a second feed of the same entity and day
        (the Oracle business unit's TMS shipments) starts higher so its files stay apart."""
        if rows.n == 0 and entity.kind == "delta":
            return
        rates = self.ctx.rates
        is_delta = entity.kind == "delta"
        if is_delta and spec is not None:
            missing_ok = (
                day < self.ctx.last
                and rows.n > 0
                and (rows.protected is None or not rows.protected.any())
            )
            if missing_ok and self.rng.random() < rates["missing_required_column"]:
                self._reject_and_redeliver(entity, day, rows, spec, first_part)
                return
        for part, start in enumerate(range(0, max(rows.n, 1), PART_ROWS), start=first_part):
            chunk = _slice(rows, start, PART_ROWS)
            if is_delta and spec is not None:
                chunk_cols, extra = self._row_defects(entity, chunk, spec)
            else:
                chunk_cols, extra = chunk.columns, []
            extra_name = None
            if self.rng.random() < rates["extra_column"]:
                extra_name = self._pick_extra(entity)
            data, n = self._serialise(entity, chunk_cols, extra, extra_name, spec)
            if stale and (entity.qualified, part) in self._last_snapshot:
                # a stale extract: yesterday's file again, byte for byte
                _, data, extra_name = self._last_snapshot[(entity.qualified, part)]
            path = self._write(entity, day, part, data, n)
            if extra_name:
                self.manifest.extra_column_files[path] = extra_name
                self.manifest.count("extra_column", entity.qualified)
            if stale:
                self.manifest.count("unchanged_snapshot", entity.qualified)
            if entity.kind == "snapshot":
                self._note_snapshot(entity, part, path, data, extra_name)
            if self.rng.random() < rates["duplicate_file"]:
                copy = self._write(entity, day, part + 50, data, n, record_rows=False)
                self.manifest.duplicate_files[copy] = path
                self.manifest.count("duplicate_file", entity.qualified)

    # -- file-level defects -------------------------------------------------------------

    def _reject_and_redeliver(
        self, entity: Entity, day: int, rows: Rows, spec: TextSpec, first_part: int = 1
    ) -> None:
        # an optional field (added to the contract later) does not reject the file: drop a
        # required one
        required = [f for f in entity.fields if f not in entity.optional]
        dropped = required[int(self.rng.integers(len(required)))]
        if isinstance(rows.columns, pa.Table):
            cols = rows.columns.drop_columns([dropped])
        else:
            cols = {k: v for k, v in rows.columns.items() if k != dropped}
        data, n = self._serialise(
            entity, cols, [], None, spec, fields=[f for f in entity.fields if f != dropped]
        )
        path = self._write(entity, day, first_part, data, n)
        self.manifest.rejected_files[path] = dropped
        self.manifest.count("missing_required_column", entity.qualified)
        self.manifest.count("rows_in_rejected_files", entity.qualified, n)
        # The source system re-sends the corrected file with the next day's extracts.
        data, n = self._serialise(entity, rows.columns, [], None, spec)
        again = self._write(entity, day + 1, REDELIVERY_PART + first_part - 1, data, n)
        self.manifest.redelivered_files[again] = path

    def _pick_extra(self, entity: Entity) -> str:
        names = d.EXTRA_COLUMN_NAMES[entity.system]
        return names[int(self.rng.integers(len(names)))]

    def _note_snapshot(
        self, entity: Entity, part: int, path: str, data: bytes, extra_name: str | None
    ) -> None:
        digest = hashlib.sha256(data).hexdigest()
        previous = self._last_snapshot.get((entity.qualified, part))
        if previous is not None and previous[0] == digest:
            self.manifest.unchanged_snapshots[path] = digest
        keep = data if entity.qualified == "erp/stock" else b""
        self._last_snapshot[(entity.qualified, part)] = (digest, keep, extra_name)

    # -- row-level defects --------------------------------------------------------------

    def _row_defects(
        self, entity: Entity, rows: Rows, spec: TextSpec
    ) -> tuple[dict[str, pa.Array] | pa.Table, list]:
        """Apply in-place text defects; returns the columns and the rows to duplicate."""
        rates = self.ctx.rates
        textual = entity.format != "parquet"
        classes = [("exact_duplicate_row", rates["exact_duplicate_row"])]
        if textual:
            classes += [
                ("malformed_row", rates["malformed_row"]),
                ("unparseable_value", rates["unparseable_value"] if spec.unparseable else 0.0),
            ]
        classes += [
            ("padded_id", rates["padded_id"] if (spec.pad or spec.unpad) else 0.0),
            ("whitespace_id", rates["whitespace_id"] if spec.whitespace else 0.0),
            ("lowercase_id", rates["lowercase_id"] if spec.lowercase else 0.0),
        ]
        masks = d.choose_rows(self.rng, rows.n, classes, rows.protected)
        if rows.versioned is not None and "unparseable_value" in masks:
            # a first version that staging could not parse would change what supersedes what
            masks["unparseable_value"] &= ~rows.versioned
        table = rows.columns
        cols = (
            {c: table.column(c).combine_chunks() for c in table.column_names}
            if isinstance(table, pa.Table)
            else dict(table)
        )
        q = entity.qualified
        if masks["padded_id"].any():
            if spec.unpad:
                col = spec.unpad
                ok = masks["padded_id"] & _np(pc.match_substring_regex(cols[col], r"^0+[0-9]"))
                cols[col] = _replace(cols[col], ok, d.unpad_ids)
            elif spec.pad:
                col, width = spec.pad
                ok = masks["padded_id"] & _np(pc.match_substring_regex(cols[col], r"^[1-9][0-9]*$"))
                cols[col] = _replace(cols[col], ok, lambda v, w=width: d.pad_ids(v, w))
            self.manifest.count("padded_id", q, int(ok.sum()))
        if masks["whitespace_id"].any() and spec.whitespace:
            col = spec.whitespace
            ok = masks["whitespace_id"]
            cols[col] = _replace(cols[col], ok, lambda v: d.with_whitespace(self.rng, v))
            self.manifest.count("whitespace_id", q, int(ok.sum()))
        if masks["lowercase_id"].any() and spec.lowercase:
            col = spec.lowercase
            ok = masks["lowercase_id"] & _np(pc.match_substring_regex(cols[col], "[A-Z]"))
            cols[col] = _replace(cols[col], ok, pc.utf8_lower)
            self.manifest.count("lowercase_id", q, int(ok.sum()))
        if textual and masks["unparseable_value"].any():
            ok = masks["unparseable_value"]
            which = self.rng.integers(len(spec.unparseable), size=rows.n)
            for i, (col, kind) in enumerate(spec.unparseable):
                sel = ok & (which == i)
                if sel.any():
                    value = d.UNPARSEABLE[kind]
                    cols[col] = pc.replace_with_mask(
                        cols[col],
                        pa.array(sel),
                        pa.array([value] * int(sel.sum()), type=pa.string()),
                    )
            self.manifest.count("unparseable_value", q, int(ok.sum()))
        dup = masks["exact_duplicate_row"]
        self.manifest.count("exact_duplicate_row", q, int(dup.sum()))
        bad = masks.get("malformed_row", np.zeros(rows.n, dtype=bool))
        self.manifest.count("malformed_row", q, int(bad.sum()))
        out = pa.table(cols) if isinstance(table, pa.Table) else cols
        return out, [dup, bad]

    # -- serialising --------------------------------------------------------------------

    def _serialise(
        self,
        entity: Entity,
        cols,
        extra: list,
        extra_name: str | None,
        spec: TextSpec | None,
        fields: list[str] | None = None,
    ) -> tuple[bytes, int]:
        names = list(fields or entity.fields)
        n = cols.num_rows if isinstance(cols, pa.Table) else len(cols[names[0]])
        dup, bad = extra or [np.zeros(n, bool), np.zeros(n, bool)]
        copies = 1 + dup.astype(np.int64) + bad.astype(np.int64)
        order = np.repeat(np.arange(n), copies)
        # the corrupted copy is the last copy of a row chosen as malformed
        is_last = np.r_[order[1:] != order[:-1], True] if len(order) else np.zeros(0, bool)
        bad_pos = is_last & bad[order] if len(order) else np.zeros(0, bool)
        if entity.format == "parquet":
            table = cols if isinstance(cols, pa.Table) else pa.table(cols)
            table = table.take(pa.array(order))
            if extra_name:
                table = table.append_column(
                    extra_name,
                    pa.array(self.rng.integers(1, 99999, size=table.num_rows).astype(str)),
                )
            sink = io.BytesIO()
            pq.write_table(table, sink, compression="snappy")
            return sink.getvalue(), table.num_rows
        columns = [cols[c] for c in names]
        if extra_name:
            names = names + [extra_name]
            columns = columns + [pa.array(self.rng.integers(1, 99999, size=n).astype(str))]
        if len(order) != n:  # rows to repeat (duplicates, corrupted copies)
            columns = [c.take(pa.array(order)) for c in columns]
        system = entity.system
        bom = False
        if system == "erp":
            header, lines, eol = "|".join(names), pc.binary_join_element_wise(*columns, "|"), "\n"
            corrupt = lambda fs: d.corrupt_pipe_line(self.rng, fs)  # noqa: E731
        elif system == "procurement":
            bom = bool(self.rng.random() < 0.3)
            quoted = [_csv_quote(c, quote_all=bom) for c in columns]
            header = ",".join(f'"{h}"' if bom else h for h in names)
            lines, eol = pc.binary_join_element_wise(*quoted, ","), "\r\n"
            corrupt = lambda fs: d.corrupt_csv_line(self.rng, fs)  # noqa: E731
            columns = quoted
        elif system == "oracle":  # BI Publisher CSV: quoted only where needed, LF
            quoted = [_csv_quote(c.fill_null(""), quote_all=False) for c in columns]
            header, lines, eol = ",".join(names), pc.binary_join_element_wise(*quoted, ","), "\n"
            corrupt = lambda fs: d.corrupt_csv_line(self.rng, fs)  # noqa: E731
            columns = quoted
        else:
            raw = (spec.json_raw if spec else frozenset()) | {"weight", "deliveries", "modes"}
            lines = _json_lines(names, columns, raw, extra_name)
            header, eol = None, "\n"
            corrupt = None
        if bad_pos.any():
            positions = np.flatnonzero(bad_pos)
            lines_bin = lines.cast(pa.binary())
            if corrupt is None:
                repl = [d.corrupt_json_line(s) for s in lines.take(pa.array(positions)).to_pylist()]
            else:
                rows_fields = list(
                    zip(*[c.take(pa.array(positions)).to_pylist() for c in columns], strict=True)
                )
                repl = [corrupt(list(fs)) for fs in rows_fields]
            lines = pc.replace_with_mask(
                lines_bin, pa.array(bad_pos), pa.array(repl, type=pa.binary())
            )
        body = _concat_lines(lines, eol)
        head = b"" if header is None else (header + eol).encode()
        prefix = b"\xef\xbb\xbf" if bom else b""
        return prefix + head + body, len(order)

    def _write(
        self,
        entity: Entity,
        day: int,
        part: int,
        data: bytes,
        rows: int,
        *,
        record_rows: bool = True,
    ) -> str:
        when = self.ctx.day_date(day)
        ext = (
            "parquet"
            if entity.format == "parquet"
            else ("jsonl" if entity.format == "jsonl" else "csv")
        )
        rel = (
            f"{entity.system}/{entity.name}/{when.isoformat()}/"
            f"{entity.name}_{when.strftime('%Y%m%d')}_{part:03d}.{ext}"
        )
        path = self.out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        digest = hashlib.sha256(data).hexdigest()
        if record_rows:
            self.manifest.add_file(rel, entity.qualified, rows, digest)
        else:
            self.manifest.files[rel] = {"rows": int(rows), "sha256": digest}
        return rel


# ---------------------------------------------------------------------------------------
# helpers


def _np(mask: pa.Array) -> np.ndarray:
    return np.asarray(mask.fill_null(False).to_numpy(zero_copy_only=False), dtype=bool)


def _replace(values: pa.Array, mask: np.ndarray, fn) -> pa.Array:
    if not mask.any():
        return values
    chosen = fn(pc.filter(values, pa.array(mask)))
    return pc.replace_with_mask(values, pa.array(mask), chosen)


def _slice(rows: Rows, start: int, length: int) -> Rows:
    if start == 0 and rows.n <= length:
        return rows
    cols = rows.columns
    sliced = (
        cols.slice(start, length)
        if isinstance(cols, pa.Table)
        else {k: v.slice(start, length) for k, v in cols.items()}
    )
    prot = None if rows.protected is None else rows.protected[start : start + length]
    vers = None if rows.versioned is None else rows.versioned[start : start + length]
    return Rows(sliced, prot, vers)


def _csv_quote(values: pa.Array, *, quote_all: bool) -> pa.Array:
    escaped = pc.replace_substring(values, '"', '""')
    quoted = pc.binary_join_element_wise('"', escaped, '"', "")
    if quote_all:
        return quoted
    needs = pc.match_substring_regex(values, '[,"\\r\\n]')
    return pc.if_else(needs, quoted, values)


def _json_lines(
    names: list[str],
    columns: list[pa.Array],
    raw: frozenset[str] | set[str],
    extra_name: str | None,
) -> pa.Array:
    """One JSON object per row, keys in field order, built with one join over all columns."""
    pieces: list = []
    literal = "{"
    for k, (name, col) in enumerate(zip(names, columns, strict=True)):
        literal += ("" if k == 0 else ", ") + f'"{name}": '
        is_raw = name in raw or name == extra_name
        if col.null_count:
            quoted = col if is_raw else pc.binary_join_element_wise('"', col, '"', "")
            pieces += [literal, quoted.fill_null("null")]
            literal = ""
        elif is_raw:
            pieces += [literal, col]
            literal = ""
        else:
            pieces += [literal + '"', col]
            literal = '"'
    pieces.append(literal + "}")
    return pc.binary_join_element_wise(*pieces, "")


def _concat_lines(lines: pa.Array, eol: str) -> bytes:
    if len(lines) == 0:
        return b""
    ended = pc.binary_join_element_wise(lines.cast(pa.binary()), eol.encode(), b"")
    if isinstance(ended, pa.ChunkedArray):
        ended = ended.combine_chunks()
    offsets = np.frombuffer(ended.buffers()[1], dtype=np.int32)
    offsets = offsets[ended.offset : ended.offset + len(ended) + 1]
    return ended.buffers()[2].to_pybytes()[offsets[0] : offsets[-1]]


def day_blocks(days_sorted: np.ndarray, n_days: int, max_rows: int = 100_000):
    """Blocks of consecutive extract days holding at most ``max_rows`` rows (a day whole).

    Yields (lo, hi, [(day, a, b), ...]) with rows ``lo:hi`` of the sorted rows in the block
    and each day's rows at ``a:b`` relative to ``lo``. Formatting a block at once keeps the
    number of pyarrow calls per file low, and the block size keeps memory bounded.
    """
    bounds = np.searchsorted(days_sorted, np.arange(n_days + 1))
    day = 0
    while day < n_days:
        end = day + 1
        while end < n_days and bounds[end + 1] - bounds[day] <= max_rows:
            end += 1
        base = bounds[day]
        parts = [
            (k, bounds[k] - base, bounds[k + 1] - base)
            for k in range(day, end)
            if bounds[k + 1] > bounds[k]
        ]
        if parts:
            yield base, bounds[end], parts
        day = end


def split_days(days_sorted: np.ndarray, n_days: int, build):
    """Per extract day: (day, Rows, counts) from ``build(lo, hi)`` over blocks of days.

    ``build`` returns (columns, protected, versioned, flags) for the sorted rows
    ``lo:hi``; ``flags`` maps a defect class to a per-row count (bool or int array).
    """
    for lo, hi, parts in day_blocks(days_sorted, n_days):
        cols, protected, versioned, flags = build(lo, hi)
        for day, a, b in parts:
            sliced = {k: v.slice(a, b - a) for k, v in cols.items()}
            rows = Rows(
                sliced,
                None if protected is None else protected[a:b],
                None if versioned is None else versioned[a:b],
            )
            yield day, rows, {k: int(np.asarray(f[a:b]).sum()) for k, f in flags.items()}
