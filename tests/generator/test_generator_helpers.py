"""The small formatting and grouping helpers, on hand-computed examples."""

from __future__ import annotations

from datetime import date

import numpy as np

from generator import defects
from generator.common import (
    Context,
    code,
    fixed,
    group_numbers,
    gs1_check_digit,
    iso_timestamp,
    pad,
    sap_date,
    text,
)
from generator.writers import day_blocks


def _ctx() -> Context:
    return Context(
        start=date(2025, 1, 1), days=10, scale=0.01, seed=1, rates=defects.rates_for("default")
    )


def test_sap_numbers_put_the_minus_last_and_keep_decimals():
    values = np.array([12.0, -12.0, 0.5, -0.126, 1234.5678])
    assert fixed(values, 3, trailing_minus=True).to_pylist() == [
        "12.000",
        "12.000-",
        "0.500",
        "0.126-",
        "1234.568",
    ]
    assert fixed(values, 2).to_pylist() == ["12.00", "-12.00", "0.50", "-0.13", "1234.57"]


def test_alpha_conversion_pads_only_all_digit_ids():
    assert pad(text(np.array(["4711", "PK-00012", "0"])), 10).to_pylist() == [
        "0000004711",
        "PK-00012",
        "0000000000",
    ]
    assert code("SHP", np.array([7, 12345]), 5).to_pylist() == ["SHP00007", "SHP12345"]


def test_sap_dates_and_no_date():
    got = sap_date(_ctx(), np.array([0, 31, -1]), missing=np.array([False, False, True]))
    assert got.to_pylist() == ["20250101", "20250201", "00000000"]


def test_gs1_check_digit():
    # 4006381333931 and 5901234123457 are published EAN-13 examples
    assert gs1_check_digit(np.array([400638133393, 590123412345])).tolist() == [1, 7]


def test_timestamps_carry_the_offset_of_their_zone_across_dst():
    # 2025-03-30 00:59:59 UTC is still winter time in Berlin; 01:00:00 UTC is summer time
    utc = np.array([1743296399, 1743296400, 1743296400, 1743296400])
    zones = np.array(["Europe/Berlin", "Europe/Berlin", "America/New_York", "UTC"])
    got = iso_timestamp(utc, zones, {"UTC": True}).to_pylist()
    assert got == [
        "2025-03-30T01:59:59+01:00",
        "2025-03-30T03:00:00+02:00",
        "2025-03-29T21:00:00-04:00",
        "2025-03-30T01:00:00Z",
    ]


def test_group_numbers_numbers_groups_in_key_order_and_cuts_big_groups():
    day = np.array([2, 1, 1, 1, 2])
    who = np.array([5, 7, 5, 5, 5])
    gid, pos = group_numbers([day, who], max_size=1)
    # sorted keys: (1,5),(1,5),(1,7),(2,5),(2,5); groups of at most one row
    assert gid.tolist() == [3, 2, 0, 1, 4]
    assert pos.tolist() == [1, 1, 1, 1, 1]
    gid, pos = group_numbers([day, who])
    assert gid.tolist() == [2, 1, 0, 0, 2]
    assert pos.tolist() == [1, 1, 1, 2, 2]


def test_defect_rows_are_disjoint_and_spare_protected_rows():
    rng = np.random.default_rng(0)
    protected = np.zeros(10_000, bool)
    protected[:5000] = True
    masks = defects.choose_rows(rng, 10_000, [("a", 0.1), ("b", 0.2)], protected)
    assert not (masks["a"] & masks["b"]).any()
    assert not (masks["a"] | masks["b"])[:5000].any()
    assert 350 < masks["a"].sum() < 650 and 800 < masks["b"].sum() < 1200


def test_at_least_one_row_per_class_when_asked():
    rng = np.random.default_rng(0)
    masks = defects.choose_rows(rng, 3, [("a", 1e-9), ("b", 1e-9)], None, at_least_one=True)
    assert masks["a"].sum() == 1 and masks["b"].sum() == 1
    none = defects.choose_rows(rng, 3, [("a", 0.0)], None, at_least_one=True)
    assert none["a"].sum() == 0


def test_day_blocks_never_split_a_day():
    days = np.array([0, 0, 0, 1, 3, 3, 4])
    blocks = list(day_blocks(days, 5, max_rows=3))
    assert [(lo, hi) for lo, hi, _ in blocks] == [(0, 3), (3, 6), (6, 7)]
    assert blocks[1][2] == [(1, 0, 1), (3, 1, 3)]


def test_unknown_defects_mode_is_a_one_line_error():
    import pytest

    with pytest.raises(ValueError, match="unknown defects mode 'all'"):
        defects.rates_for("all")
    assert set(defects.rates_for("none").values()) == {0.0}
