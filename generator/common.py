"""Shared plumbing of the generator: run context, random streams, calendar and text formatting.

Every generated value is a numpy array; this module turns arrays into the text columns the
source systems write (SAP dates, padded ids, fixed decimals, ISO timestamps with offsets)
with vectorised numpy/pyarrow operations, so no step loops in Python over rows.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

EPOCH = date(1970, 1, 1)
DAY_SECONDS = 86_400

#: Plants: code, country, currency, time zone, hour (UTC) at which the working day starts.
PLANTS: tuple[tuple[str, str, str, str, int], ...] = (
    ("1000", "DE", "EUR", "Europe/Berlin", 6),
    ("1100", "DE", "EUR", "Europe/Berlin", 6),
    ("2000", "GB", "GBP", "Europe/London", 7),
    ("3000", "US", "USD", "America/New_York", 13),
    ("4000", "SG", "SGD", "Asia/Singapore", 0),
)

#: Currencies other than EUR and their rate to EUR at the start (1 X = rate EUR).
CURRENCIES = {"EUR": 1.0, "USD": 0.92, "GBP": 1.17, "SGD": 0.69}


@dataclass
class Context:
    """Arguments of one generator run plus the helpers every module needs."""

    start: date
    days: int
    scale: float
    seed: int
    rates: dict[str, float]  # defect rates of generator.defects (all 0 for "none")

    def rng(self, stream: str) -> np.random.Generator:
        """An independent random stream per concern, so adding one never shifts another."""
        return np.random.default_rng([self.seed, zlib.crc32(stream.encode())])

    @property
    def last(self) -> int:
        return self.days - 1

    @property
    def year_fraction(self) -> float:
        return self.days / 365.0

    def day_date(self, day: int) -> date:
        return self.start + timedelta(days=int(day))

    @property
    def start_epoch_day(self) -> int:
        return (self.start - EPOCH).days

    def snapshot_days(self) -> list[int]:
        """Snapshot masters arrive on day 0, every 28 days and on the last day."""
        days = list(range(0, self.days, 28))
        if days[-1] != self.last:
            days.append(self.last)
        return days


# ---------------------------------------------------------------------------------------
# text columns


def text(values: np.ndarray | list) -> pa.Array:
    """A pyarrow string column from numpy values (numbers are printed as integers)."""
    arr = np.asarray(values)
    if arr.dtype.kind in "iub":
        return pa.array(arr.astype(np.int64)).cast(pa.string())
    return pa.array(arr, type=pa.string())


def pad(values: pa.Array, width: int) -> pa.Array:
    """SAP ALPHA conversion: all-digit ids are left-padded with zeros, others left alone."""
    digits = pc.match_substring_regex(values, r"^[0-9]+$")
    return pc.if_else(digits, pc.utf8_lpad(values, width=width, padding="0"), values)


def code(prefix: str, numbers: np.ndarray, width: int) -> pa.Array:
    """Alphanumeric ids such as ``SHP00000042``: a prefix and a zero-padded number."""
    digits = pc.utf8_lpad(text(np.asarray(numbers, dtype=np.int64)), width=width, padding="0")
    return pc.binary_join_element_wise(prefix, digits, "")


def fixed(values: np.ndarray, decimals: int, *, trailing_minus: bool = False) -> pa.Array:
    """Numbers with a fixed number of decimals and '.' as mark; SAP puts the minus last."""
    scale = 10**decimals
    scaled = np.rint(np.abs(np.asarray(values, dtype=np.float64)) * scale).astype(np.int64)
    whole = pa.array(scaled // scale).cast(pa.string())
    if decimals:
        frac = pc.utf8_lpad(pa.array(scaled % scale).cast(pa.string()), width=decimals, padding="0")
        body = pc.binary_join_element_wise(whole, frac, ".")
    else:
        body = whole
    negative = pa.array(np.asarray(values) < 0)
    if trailing_minus:
        signed = pc.binary_join_element_wise(body, "-", "")
    else:
        signed = pc.binary_join_element_wise("-", body, "")
    return pc.if_else(negative, signed, body)


def _date_strings(ctx: Context, days: np.ndarray) -> np.ndarray:
    epoch = np.asarray(days, dtype=np.int64) + ctx.start_epoch_day
    return np.datetime_as_string(epoch.astype("datetime64[D]"), unit="D")


def iso_date(ctx: Context, days: np.ndarray) -> pa.Array:
    """``YYYY-MM-DD`` for day offsets from the start date."""
    return pa.array(_date_strings(ctx, days), type=pa.string())


def sap_date(ctx: Context, days: np.ndarray, *, missing: np.ndarray | None = None) -> pa.Array:
    """``YYYYMMDD`` for day offsets; ``00000000`` where ``missing`` is true."""
    out = pc.replace_substring(iso_date(ctx, days), "-", "")
    if missing is not None and missing.any():
        out = pc.if_else(pa.array(missing), "00000000", out)
    return out


_OFFSET_CACHE: dict[tuple[str, int, int], np.ndarray] = {}


def local_offsets(utc_seconds: np.ndarray, tz: str) -> np.ndarray:
    """UTC offset in seconds of ``tz`` at each instant.

    Offsets are looked up in an hourly table per zone (built once with pandas over the
    years the instants span), since every zone used changes offset on a full hour.
    """
    utc_seconds = np.asarray(utc_seconds, dtype=np.int64)
    if tz == "UTC" or len(utc_seconds) == 0:
        return np.zeros(len(utc_seconds), dtype=np.int64)
    first_year = int(utc_seconds.min() // (365 * DAY_SECONDS)) - 1
    last_year = int(utc_seconds.max() // (365 * DAY_SECONDS)) + 1
    key = (tz, first_year, last_year)
    if key not in _OFFSET_CACHE:
        t0 = first_year * 365 * DAY_SECONDS
        hours = np.arange(t0, (last_year + 1) * 365 * DAY_SECONDS, 3600, dtype=np.int64)
        idx = pd.DatetimeIndex(pd.to_datetime(hours, unit="s", utc=True))
        local = idx.tz_convert(tz).tz_localize(None)
        _OFFSET_CACHE[key] = (
            (local - idx.tz_localize(None)).values.astype("timedelta64[s]").astype(np.int64)
        )
    table = _OFFSET_CACHE[key]
    return table[(utc_seconds - first_year * 365 * DAY_SECONDS) // 3600]


def offset_text(offsets: np.ndarray, zulu: bool) -> pa.Array:
    """``+01:00`` / ``-05:00``, or ``Z`` for a zero offset when the carrier writes it so."""
    values, inverse = np.unique(offsets, return_inverse=True)
    labels = []
    for off in values.tolist():  # a handful of distinct offsets, not rows
        if off == 0 and zulu:
            labels.append("Z")
            continue
        sign = "-" if off < 0 else "+"
        hours, minutes = divmod(abs(int(off)) // 60, 60)
        labels.append(f"{sign}{hours:02d}:{minutes:02d}")
    return pa.array(np.array(labels, dtype=object)[inverse], type=pa.string())


def iso_timestamp(
    utc_seconds: np.ndarray, tz_per_row: np.ndarray, zulu_per_tz: dict[str, bool]
) -> pa.Array:
    """ISO 8601 local timestamps with their offset, each row in its own time zone."""
    utc_seconds = np.asarray(utc_seconds, dtype=np.int64)
    offsets = np.zeros(len(utc_seconds), dtype=np.int64)
    zulu = np.zeros(len(utc_seconds), dtype=bool)
    for tz in sorted(set(tz_per_row.tolist())):  # few zones; vectorised within each
        mask = tz_per_row == tz
        offsets[mask] = local_offsets(utc_seconds[mask], tz)
        zulu[mask] = zulu_per_tz.get(tz, False)
    local = (utc_seconds + offsets).astype("datetime64[s]")
    body = pa.array(np.datetime_as_string(local, unit="s"), type=pa.string())
    suffix = offset_text(offsets, zulu=False)
    if zulu.any():
        suffix = pc.if_else(pa.array(zulu & (offsets == 0)), "Z", suffix)
    return pc.binary_join_element_wise(body, suffix, "")


def gs1_check_digit(bodies: np.ndarray) -> np.ndarray:
    """GS1 check digit of 12-digit numbers (EAN-13), vectorised."""
    digits = np.zeros((len(bodies), 12), dtype=np.int64)
    rest = np.asarray(bodies, dtype=np.int64).copy()
    for pos in range(11, -1, -1):
        digits[:, pos] = rest % 10
        rest //= 10
    weights = np.array([1, 3] * 6)
    return (10 - (digits * weights).sum(axis=1) % 10) % 10


def month_index(ctx: Context, days: np.ndarray) -> np.ndarray:
    """Months since the start month (0 = the start date's month); negative before it."""
    d = (np.asarray(days, dtype=np.int64) + ctx.start_epoch_day).astype("datetime64[D]")
    months = d.astype("datetime64[M]").astype(np.int64)
    base = np.datetime64(ctx.start, "M").astype(np.int64)
    return months - base


def group_numbers(
    keys: list[np.ndarray], max_size: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Number the groups of equal keys in the given order-insensitive way.

    Returns (group id per row, 1-based position of the row within its group); rows are
    grouped by all keys, in the order of the keys, and groups larger than ``max_size`` are
    cut into several groups. Group ids follow the sorted key order, so they are stable.
    """
    n = len(keys[0])
    if n == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    order = np.lexsort(tuple(reversed(keys)))
    change = np.zeros(n, dtype=bool)
    change[0] = True
    for key in keys:
        k = key[order]
        change[1:] |= k[1:] != k[:-1]
    starts = np.flatnonzero(change)
    run = np.arange(n) - np.repeat(starts, np.diff(np.append(starts, n)))
    if max_size:
        change |= (run % max_size) == 0
        starts = np.flatnonzero(change)
        run = np.arange(n) - np.repeat(starts, np.diff(np.append(starts, n)))
    gid_sorted = np.cumsum(change) - 1
    gid = np.empty(n, dtype=np.int64)
    pos = np.empty(n, dtype=np.int64)
    gid[order] = gid_sorted
    pos[order] = run + 1
    return gid, pos


def pick_weighted(rng: np.random.Generator, weights: np.ndarray, size: int) -> np.ndarray:
    """Indices drawn with probability proportional to ``weights`` (vectorised)."""
    cum = np.cumsum(np.asarray(weights, dtype=np.float64))
    if size == 0 or cum[-1] <= 0:
        return np.zeros(size, dtype=np.int64)
    return np.minimum(np.searchsorted(cum, rng.random(size) * cum[-1], side="right"), len(cum) - 1)
