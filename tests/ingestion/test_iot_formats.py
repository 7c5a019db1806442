"""IoT logger readings (JSON Lines micro-batches, several a day): the same ledger, quarantine
and schema-drift rules as every source — and the logger defects land as delivered, for
staging to handle: duplicate readings kept (and counted), readings out of time order kept
in file order with their own offsets, gaps not filled, implausible values loaded verbatim
(CR09 flags them in staging), a micro-batch landed twice loaded once. The generated
landing's IoT defects reconcile with its manifest."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb
import pytest
from landed import land, rows

from generator import defects, generate
from generator.iot import BATCHES, IMPLAUSIBLE_VALUES
from ingestion import load_landing
from ingestion.entities import entity

READING = entity("iot/shipment_reading")


def _reading(at: str, temperature: str = "4.2", shipment: str = "SHP00000042") -> str:
    return (
        f'{{"shipment_id": "{shipment}", "device_id": "LOG-0700042", "reading_at": "{at}", '
        f'"temperature_c": {temperature}, "shock_g": 0.12}}'
    )


def _land(landing: Path, day: str, batch: str, body: str, suffix: str = "") -> None:
    compact = day.replace("-", "")
    land(landing, READING.qualified, day, f"shipment_reading_{compact}_{batch}{suffix}.jsonl", body)


def _load(conn, landing):
    return next(
        r
        for r in load_landing(conn, landing, entities=[READING.qualified])
        if r.entity == READING.qualified
    )


def test_micro_batches_of_a_day_all_load_and_one_landed_twice_loads_once(conn, landing):
    morning = _reading("2025-03-04T07:00:00+01:00") + "\n"
    noon = _reading("2025-03-04T12:30:00+01:00") + "\n"
    _land(landing, "2025-03-04", "0600", morning)
    _land(landing, "2025-03-04", "1200", noon)
    _land(landing, "2025-03-04", "1200", noon, suffix="_retry")  # the same bytes again

    result = _load(conn, landing)

    assert (result.files_loaded, result.files_skipped, result.rows_loaded) == (2, 1, 2)
    assert rows(
        conn, "select _source_file, reading_at from raw.iot__shipment_reading order by 1"
    ) == [
        (
            "iot/shipment_reading/2025-03-04/shipment_reading_20250304_0600.jsonl",
            "2025-03-04T07:00:00+01:00",
        ),
        (
            "iot/shipment_reading/2025-03-04/shipment_reading_20250304_1200.jsonl",
            "2025-03-04T12:30:00+01:00",
        ),
    ]


def test_duplicate_readings_are_kept_and_out_of_order_readings_keep_file_order(conn, landing):
    body = "\n".join(
        [
            _reading("2025-03-04T11:30:00+01:00"),
            _reading("2025-03-04T11:30:00+01:00"),  # sent twice
            _reading("2025-03-04T09:00:00Z"),  # stored and forwarded: older, other offset
            _reading("2025-03-04T12:00:00+01:00"),
        ]
    )
    _land(landing, "2025-03-04", "1200", body + "\n")

    result = _load(conn, landing)

    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (4, 4, 0)
    assert rows(
        conn, "select _row_number, reading_at from raw.iot__shipment_reading order by 1"
    ) == [
        (1, "2025-03-04T11:30:00+01:00"),
        (2, "2025-03-04T11:30:00+01:00"),
        (3, "2025-03-04T09:00:00Z"),
        (4, "2025-03-04T12:00:00+01:00"),
    ]


def test_a_gap_is_not_filled_and_implausible_values_load_verbatim(conn, landing):
    body = "\n".join(
        [
            _reading("2025-03-04T06:00:00+01:00", "3.9"),
            # a logger without power: nothing between 06:00 and 09:00
            _reading("2025-03-04T09:00:00+01:00", "-80.0"),
            _reading("2025-03-04T09:30:00+01:00", "200.0"),
        ]
    )
    _land(landing, "2025-03-04", "1200", body + "\n")

    result = _load(conn, landing)

    assert (result.rows_loaded, result.rows_quarantined) == (3, 0)
    assert rows(
        conn, "select reading_at, temperature_c from raw.iot__shipment_reading order by 1"
    ) == [
        ("2025-03-04T06:00:00+01:00", "3.9"),
        ("2025-03-04T09:00:00+01:00", "-80.0"),
        ("2025-03-04T09:30:00+01:00", "200.0"),
    ]


def test_broken_reading_is_quarantined_and_missing_key_rejects_the_micro_batch(conn, landing):
    good = _reading("2025-03-04T07:00:00+01:00")
    _land(landing, "2025-03-04", "0600", good + '\n{"shipment_id": "SHP00000042", "devi\n')
    without = (
        '{"shipment_id": "SHP00000043", "device_id": "LOG-0700043", '
        '"temperature_c": 4.0, "shock_g": 0.1}'
    )
    _land(landing, "2025-03-04", "1200", without + "\n")

    result = _load(conn, landing)

    assert (result.files_loaded, result.files_rejected) == (1, 1)
    assert (result.rows_loaded, result.rows_quarantined) == (1, 1)
    assert rows(conn, "select row_number, reason, rule_id from raw._quarantine") == [
        (2, "invalid JSON", "ING01")
    ]
    assert rows(conn, "select reason from raw._file_rejections") == [
        ("missing required column reading_at",)
    ]


# -- the generated landing --------------------------------------------------------------


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("iot")
    landing = folder / "landing"
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(defects.RATES, "duplicate_file", 0.05)
        manifest = generate(landing, scale=0.01, days=45, seed=7)
    conn = duckdb.connect(str(folder / "warehouse.duckdb"))
    result = next(
        r
        for r in load_landing(conn, landing, entities=[READING.qualified])
        if r.entity == READING.qualified
    )
    yield manifest, conn, result, landing
    conn.close()


def _injected(manifest, defect: str) -> int:
    return manifest["injected"][defect].get(READING.qualified, 0)


def _parsed(conn) -> list[tuple[str, str, datetime, float, str]]:
    got = rows(
        conn,
        "select shipment_id, device_id, reading_at, temperature_c, _source_file "
        "from raw.iot__shipment_reading order by _source_file, _row_number",
    )
    return [
        (s, d, datetime.fromisoformat(a.replace("Z", "+00:00")), float(t), f)
        for s, d, a, t, f in got
    ]


def test_generated_micro_batches_several_a_day_and_retries_loaded_once(generated):
    manifest, _, result, _ = generated
    files = [f for f in manifest["files"] if f.startswith("iot/")]
    retries = [f for f in manifest["duplicate_files"] if f.startswith("iot/")]
    names = {f.rsplit("_", 1)[-1].removesuffix(".jsonl") for f in files if f not in retries}
    assert names <= {f"{m // 60:02d}{m % 60:02d}" for m in BATCHES}
    assert len(names) == len(BATCHES)
    assert retries and _injected(manifest, "duplicate_file") == len(retries)
    assert result.files_skipped == len(retries)
    assert result.files_loaded == len(files) - len(retries)
    assert result.rows_loaded == manifest["rows_written"][READING.qualified]


def test_generated_duplicates_out_of_order_gaps_and_implausible_values(generated):
    manifest, conn, _, _ = generated
    readings = _parsed(conn)
    keys = [(s, d, a) for s, d, a, _, _ in readings]
    assert len(keys) - len(set(keys)) == _injected(manifest, "exact_duplicate_row") > 0
    # out of order: within a logger, a reading landed after a later one
    latest: dict[tuple[str, str], datetime] = {}
    late = 0
    for s, d, a, _, _ in readings:
        if (s, d) in latest and a < latest[(s, d)]:
            late += 1
        latest[(s, d)] = max(a, latest.get((s, d), a))
    assert 0 < late <= _injected(manifest, "out_of_order_reading")
    # gaps: consecutive readings of a logger more than one interval apart
    by_logger: dict[tuple[str, str], set[datetime]] = {}
    for s, d, a, _, _ in readings:
        by_logger.setdefault((s, d), set()).add(a)
    gaps = 0
    for instants in by_logger.values():
        ordered = sorted(instants)
        steps = zip(ordered, ordered[1:], strict=False)
        gaps += sum(1 for x, y in steps if (y - x).total_seconds() > 1800)
    assert gaps >= _injected(manifest, "reading_gap") > 0
    implausible = {(s, d, a) for s, d, a, t, _ in readings if t in IMPLAUSIBLE_VALUES}
    assert len(implausible) == _injected(manifest, "implausible_reading") > 0


def test_generated_timestamps_carry_their_own_offsets(generated):
    _, conn, _, _ = generated
    suffixes = {
        r[0]
        for r in rows(
            conn,
            "select distinct regexp_extract(reading_at, '(Z|[+-][0-9]{2}:[0-9]{2})$') "
            "from raw.iot__shipment_reading",
        )
    }
    assert "Z" in suffixes and len(suffixes) >= 3
