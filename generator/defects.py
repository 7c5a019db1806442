"""The defects real extracts carry (sources.md §Defects 1-11): their rates and their injection.

Default rates (``defects="default"``; ``defects="none"`` sets every rate to 0 and the
generator then also sends each versioned row once, in its final state). Format: class
(sources.md defect number) rate: what the rate is a share of, and how it is injected.

- ``malformed_row`` (1) 0.0005: rows of ERP/TMS/procurement delta files; a corrupted copy
  of the row is inserted after it (wrong field count, a quoted field followed by text,
  undecodable bytes; in JSON Lines an object cut off in the middle).
- ``unparseable_value`` (1) 0.0005: rows of ERP/TMS/procurement delta files; one number or
  date field made unparseable in place (``12,5x``, ``20251340``, ``2025-13-40``).
- ``exact_duplicate_row`` (2) 0.002: rows of every delta file, written twice in the file.
- ``newer_version_row`` (2) 0.04: PO and SO lines changed later (quantity, deletion,
  rejection) and re-sent with a newer ``AEDAT``; with any rate > 0 shipments are also re-sent
  at every status change. Counted: rows superseded by a later version of their key.
- ``duplicate_file`` (3) 0.01: files delivered again, same bytes, part number + 50.
- ``unchanged_snapshot`` (3) 0.03: daily ``erp/stock`` extracts that re-deliver the previous
  day's bytes (a stale extract). The manifest's ``unchanged_snapshots`` lists *every*
  snapshot file identical to the previous delivery, including masters that did not change.
- ``missing_plifz`` (4) 0.08: material/plants with ``PLIFZ`` empty or ``0``.
- ``receipt_before_po`` (5) 0.003: PO lines whose first receipt is posted before ``BEDAT``.
- ``lead_time_over_365`` (5) 0.003: extra backlog PO lines (per PO line, at least one)
  dated more than 365 days before their first receipt.
- ``defect_gt_inspected`` 0.03, ``negative_quantity`` 0.02, ``empty_supplier_id`` 0.03,
  ``unknown_supplier_id`` 0.03 (6): quality notifications (at least one each); half of the
  unknown suppliers also carry an unknown PO number (``unknown_supplier_unresolvable``, a
  subset of ``unknown_supplier_id``). Empty ones are resolvable through their PO line.
- ``padded_id`` 0.005, ``whitespace_id`` 0.003, ``lowercase_id`` 0.005 (7): rows of delta
  files; an all-digit id padded where its system sends it unpadded (or unpadded in ERP), a
  leading/trailing blank, an alphanumeric id in lower case.
- ``orphan_material`` 0.01, ``orphan_customer`` 0.01, ``orphan_supplier`` 0.02,
  ``orphan_carrier`` 0.1 (9): share of members (at least one) that exist in the business but
  are left out of the master extracts; every fact row naming one is counted, per entity.
  ``orphan_gtin`` 0.0005: POS lines with a GTIN unknown to the master, plus every POS line of
  an orphan material.
- ``extra_column`` (11) 0.01: files with an unknown extra column / JSON key (counted in
  files; names in ``extra_column_names``, files in ``extra_column_files``).
- ``missing_required_column`` (11) 0.003: delta files (not on the last day) missing a
  required column; counted in files and in ``rows_in_rejected_files``; the same rows are
  re-delivered, clean and complete, in the next day's folder (part 090).

- ``reading_gap`` 0.05, ``out_of_order_reading`` 0.01, ``implausible_reading`` 0.001
  (IoT, ``iot/shipment_reading``; ``generator.iot``): share of monitored shipments whose
  logger loses power for a run of readings (counted in gaps), share of readings stored and
  forwarded one to three micro-batches later (a file out of time order), share of readings
  with an implausible temperature (-80 or 200 °C). IoT also carries ``exact_duplicate_row``
  (a line sent twice) and ``duplicate_file`` (a micro-batch landed twice, at least once).

Classes 8 (mixed units and currencies) and 10 (offsets, local times) are properties of every
file and are not counted.

Counting and overlap rule: counts are rows as written in the files (a snapshot row repeated
in 14 snapshot files counts 14 times); file classes count files. A row carries at most one
counted defect: rows that carry a business defect (orphans, re-sent versions, quality
notification defects, receipt timing, missing ``PLIFZ``) are *protected* and never get a
text defect, and a file missing a column contains no protected row and no text defect.
Rows in a duplicated file are counted once (ingestion loads that file once).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

RATES: dict[str, float] = {
    "malformed_row": 0.0005,
    "unparseable_value": 0.0005,
    "exact_duplicate_row": 0.002,
    "newer_version_row": 0.04,
    "duplicate_file": 0.01,
    "unchanged_snapshot": 0.03,
    "missing_plifz": 0.08,
    "receipt_before_po": 0.003,
    "lead_time_over_365": 0.003,
    "defect_gt_inspected": 0.03,
    "negative_quantity": 0.02,
    "empty_supplier_id": 0.03,
    "unknown_supplier_id": 0.03,
    "padded_id": 0.005,
    "whitespace_id": 0.003,
    "lowercase_id": 0.005,
    "orphan_material": 0.01,
    "orphan_gtin": 0.0005,
    "orphan_customer": 0.01,
    "orphan_supplier": 0.02,
    "orphan_carrier": 0.1,
    "extra_column": 0.01,
    "missing_required_column": 0.003,
    "reading_gap": 0.05,
    "out_of_order_reading": 0.01,
    "implausible_reading": 0.001,
}

#: Counted in the manifest next to the classes (not rates of their own).
EXTRA_COUNTS = ("unknown_supplier_unresolvable", "rows_in_rejected_files")

MODES = ("default", "none")

#: Extra column names a drifting export may add, per source system.
EXTRA_COLUMN_NAMES = {
    "erp": ("ZZ_CREATED_BY", "ZZLOADID", "MANDT"),
    "tms": ("co2_kg", "_etl_batch", "tracking_url"),
    "procurement": ("comment", "buyer_email", "export_user"),
    "pos": ("loyalty_card", "till_id"),
    "oracle": ("ATTRIBUTE1", "LAST_UPDATE_LOGIN", "REQUEST_ID"),
}


def rates_for(mode: str) -> dict[str, float]:
    """The rate table of a defects mode; a one-line error names an unknown mode."""
    if mode not in MODES:
        raise ValueError(f"unknown defects mode {mode!r} (expected one of: {', '.join(MODES)})")
    return dict(RATES) if mode == "default" else dict.fromkeys(RATES, 0.0)


def orphan_count(rate: float, population: int) -> int:
    """How many master records to withhold: at least one whenever the rate is non-zero."""
    if rate <= 0:
        return 0
    return max(1, int(round(rate * population)))


# ---------------------------------------------------------------------------------------
# row-level text defects of one file


#: Replacement for an unparseable value, per field kind.
UNPARSEABLE = {
    "number": "12,5x",
    "sap_date": "20251340",
    "iso_date": "2025-13-40",
    "timestamp": "2025-02-30T25:61:00+01:00",
    "json_number": '"12,5x"',
}


def choose_rows(
    rng: np.random.Generator,
    n: int,
    classes: list[tuple[str, float]],
    protected: np.ndarray | None,
    *,
    at_least_one: bool = False,
) -> dict[str, np.ndarray]:
    """Disjoint row masks, one per class, each row drawn at its class rate (one class a row).

    With ``at_least_one``, a class with a non-zero rate that drew no row gets one free row,
    so that small runs still carry every class.
    """
    u = rng.random(n)
    masks: dict[str, np.ndarray] = {}
    low = 0.0
    free = np.ones(n, dtype=bool) if protected is None else ~protected
    for name, rate in classes:
        high = low + rate
        masks[name] = free & (u >= low) & (u < high)
        low = high
    if at_least_one:
        taken = np.zeros(n, dtype=bool)
        for mask in masks.values():
            taken |= mask
        for name, rate in classes:
            spare = np.flatnonzero(free & ~taken)
            if rate > 0 and not masks[name].any() and len(spare):
                masks[name][spare[0]] = True
                taken[spare[0]] = True
    return masks


def pad_ids(values: pa.Array, width: int) -> pa.Array:
    return pc.utf8_lpad(values, width=width, padding="0")


def unpad_ids(values: pa.Array) -> pa.Array:
    return pc.utf8_ltrim(values, characters="0")


def with_whitespace(rng: np.random.Generator, values: pa.Array) -> pa.Array:
    leading = pa.array(rng.random(len(values)) < 0.5)
    return pc.if_else(
        leading,
        pc.binary_join_element_wise(" ", values, ""),
        pc.binary_join_element_wise(values, "  ", ""),
    )


def corrupt_pipe_line(rng: np.random.Generator, fields: list[str]) -> bytes:
    """A '|' row ingestion must quarantine: wrong field count or undecodable bytes."""
    kind = int(rng.integers(3))
    if kind == 0:
        return "|".join(fields + ["EXTRA"]).encode()
    if kind == 1:
        return "|".join(fields[:-1]).encode()
    text = "|".join(fields).encode()
    return text[:3] + b"\xff\xfe" + text[3:]


def corrupt_csv_line(rng: np.random.Generator, fields: list[str]) -> bytes:
    """A ',' row ingestion must quarantine: wrong field count, broken quote, bad bytes."""
    kind = int(rng.integers(4))
    if kind == 0:
        return ",".join(fields + ["extra"]).encode()
    if kind == 1:
        return ",".join(fields[:-1]).encode()
    if kind == 2:
        # a quoted field with text after its closing quote
        first = fields[0].strip('"')
        return ",".join([f'"{first}"x'] + fields[1:]).encode()
    text = ",".join(fields).encode()
    return text[:2] + b"\xc3\x28" + text[2:]


def corrupt_json_line(line: str) -> bytes:
    """An invalid JSON line: the object is cut off in the middle."""
    return line[: max(1, len(line) // 2)].encode()
