"""The primary-key test (``tests/generic/primary_key.sql``) first groups by a hash of the key,
then groups only the rows of a repeated hash by the key itself: it must still name exactly the
repeated keys, a key with a null part included, and nothing else; and it names each key column
that holds nulls with its count of null rows. Its failure count is the repeated keys plus the
null cells. Run with ``dbt test`` on a hand-written table of one model that carries the test.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from tests.pipeline_fixtures import dbt

MODEL = "stg_tms__shipment_deliveries"
TEST = f"primary_key_{MODEL}_shipment_id__delivery_id"


def _key_test(path: Path, rows: list[tuple[str | None, str | None]]):
    conn = duckdb.connect(str(path))
    try:
        conn.execute("create schema if not exists staging")
        conn.execute(
            f"create or replace table staging.{MODEL} (shipment_id varchar, delivery_id varchar, "
            "_extract_date date, _loaded_at timestamp)"
        )
        conn.executemany(
            f"insert into staging.{MODEL} values (?, ?, date '2025-01-01', "
            "timestamp '2025-01-02 00:00')",
            rows,
        )
    finally:
        conn.close()
    result = dbt(path, "test", "--select", f"test_name:primary_key,{MODEL}")
    [outcome] = [r for r in result.run_results["results"] if TEST in r["unique_id"]]
    conn = duckdb.connect(str(path), read_only=True)
    try:
        named = conn.execute(result.compiled_code()[outcome["unique_id"].split(".")[-1]])
        return outcome["failures"], sorted(named.fetchall(), key=str)
    finally:
        conn.close()


def test_the_key_test_names_exactly_the_repeated_keys_and_the_null_columns(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    failures, named = _key_test(
        path,
        [
            ("S1", "D1"),
            ("S1", "D1"),
            ("S1", "D2"),
            ("S2", "D1"),
            (None, "D3"),
            (None, "D3"),
            (None, "D4"),
            ("S3", None),
        ],
    )
    # two repeated keys, three null shipment ids, one null delivery id
    assert failures == 2 + 3 + 1
    assert named == [
        ("delivery_id is null", None, None, 1, 1),
        ("repeated key", "S1", "D1", 2, 1),
        ("repeated key", None, "D3", 2, 1),
        ("shipment_id is null", None, None, 3, 3),
    ]

    failures, named = _key_test(path, [("S1", "D1"), ("S1", "D2"), ("S2", "D1")])
    assert (failures, named) == (0, [])
