"""The instance's event log writes a ranged run's per-date materialisations as one batch
(orchestration/instance.py) and still records every date, as Dagster's own log does."""

from pathlib import Path

import dagster as dg
import pytest

from orchestration.instance import UnsyncedSqliteEventLogStorage

DATES = dg.DynamicPartitionsDefinition(name="dates")


@dg.asset(partitions_def=DATES, backfill_policy=dg.BackfillPolicy.single_run())
def landed(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
    return dg.MaterializeResult(metadata={"dates": len(context.partition_keys)})


def ranged_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, batch_size: str) -> tuple:
    # as settings.paths.export_environment sets them for every chainseg command
    monkeypatch.setenv("DAGSTER_EVENT_BATCH_SIZE", batch_size)
    monkeypatch.setenv("DAGSTER_EMIT_PARTITION_SUBSET_IN_PLANNED_EVENTS", "1")
    opened: list[str] = []
    original = UnsyncedSqliteEventLogStorage._open

    def counting_open(self, shard):  # type: ignore[no-untyped-def]
        opened.append(shard)
        return original(self, shard)

    monkeypatch.setattr(UnsyncedSqliteEventLogStorage, "_open", counting_open)
    home = tmp_path / batch_size
    home.mkdir()
    (home / "dagster.yaml").write_text(
        "storage:\n  custom:\n    module: orchestration.instance\n"
        f"    class: ChainsegSqliteStorage\n    config:\n      base_dir: {home / 'storage'}\n"
    )
    instance = dg.DagsterInstance.from_config(str(home))
    assert isinstance(instance.event_log_storage, UnsyncedSqliteEventLogStorage)
    keys = [f"2025-01-{day:02d}" for day in range(1, 31)]
    instance.add_dynamic_partitions("dates", keys)
    job = dg.Definitions(assets=[landed]).resolve_implicit_global_asset_job_def()
    opened.clear()
    result = job.execute_in_process(
        instance=instance,
        tags={
            "dagster/asset_partition_range_start": keys[0],
            "dagster/asset_partition_range_end": keys[-1],
        },
    )
    assert result.success
    key = dg.AssetKey("landed")
    records = instance.fetch_materializations(key, limit=100).records
    latest = instance.get_latest_materialization_event(key)
    assert latest is not None and latest.dagster_event is not None
    # the asset's latest materialisation is the newest row of the log (Dagster emits a run's
    # dates in no particular order), as when stored one at a time
    assert latest.dagster_event.partition == records[0].partition_key
    assert sorted(r.partition_key for r in records) == keys
    return keys, instance.get_materialized_partitions(key), len(opened)


def test_a_ranged_run_records_every_date_with_a_handful_of_transactions(tmp_path, monkeypatch):
    keys, materialized, opened = ranged_run(tmp_path, monkeypatch, "1000")
    _, _, opened_one_by_one = ranged_run(tmp_path, monkeypatch, "0")

    assert materialized == set(keys)
    # one at a time, each of the 30 materialisations opens the run's and the index database;
    # as a batch they open each once
    assert opened_one_by_one >= 2 * len(keys)
    assert opened <= opened_one_by_one - 2 * len(keys) + 2


@dg.asset
def planned_first() -> None:
    return None


@dg.asset(deps=[planned_first])
def planned_second() -> None:
    return None


@dg.asset_check(asset=planned_second)
def second_is_fine() -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=True)


def planned_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, one_by_one: bool) -> tuple:
    """A run's planned events (one per asset and check at its start): what they leave in the
    log and on the check, and how many database connections they took."""
    monkeypatch.setenv("DAGSTER_EVENT_BATCH_SIZE", "1000")
    if one_by_one:
        monkeypatch.setenv("DAGSTER_EMIT_PLANNED_EVENTS_INDIVIDUALLY", "1")
    else:
        monkeypatch.delenv("DAGSTER_EMIT_PLANNED_EVENTS_INDIVIDUALLY", raising=False)
    opened: list[str] = []
    original = UnsyncedSqliteEventLogStorage._open

    def counting_open(self, shard):  # type: ignore[no-untyped-def]
        opened.append(shard)
        return original(self, shard)

    monkeypatch.setattr(UnsyncedSqliteEventLogStorage, "_open", counting_open)
    home = tmp_path / ("one" if one_by_one else "batch")
    home.mkdir()
    (home / "dagster.yaml").write_text(
        "storage:\n  custom:\n    module: orchestration.instance\n"
        f"    class: ChainsegSqliteStorage\n    config:\n      base_dir: {home / 'storage'}\n"
    )
    instance = dg.DagsterInstance.from_config(str(home))
    job = dg.Definitions(
        assets=[planned_first, planned_second], asset_checks=[second_is_fine]
    ).resolve_implicit_global_asset_job_def()
    planned_types = {
        dg.DagsterEventType.ASSET_MATERIALIZATION_PLANNED,
        dg.DagsterEventType.ASSET_CHECK_EVALUATION_PLANNED,
    }
    planned_opens: list[int] = []
    original_batch = UnsyncedSqliteEventLogStorage.store_event_batch

    def counting_batch(self, events):  # type: ignore[no-untyped-def]
        before = len(opened)
        original_batch(self, events)
        planned_opens.append(len(opened) - before)

    monkeypatch.setattr(UnsyncedSqliteEventLogStorage, "store_event_batch", counting_batch)
    result = job.execute_in_process(instance=instance)
    assert result.success
    planned = sorted(
        (r.event_log_entry.dagster_event_type.value, str(r.event_log_entry.step_key))
        for r in instance.get_records_for_run(result.run_id, of_type=planned_types).records
    )
    key = dg.AssetCheckKey(dg.AssetKey("planned_second"), "second_is_fine")
    history = instance.event_log_storage.get_asset_check_execution_history(key, limit=5)
    statuses = [h.status for h in history]
    materialized = {
        k.to_user_string(): instance.get_latest_materialization_event(k) is not None
        for k in (dg.AssetKey("planned_first"), dg.AssetKey("planned_second"))
    }
    return planned, statuses, materialized, planned_opens


def test_a_runs_planned_events_are_stored_in_one_transaction_with_the_same_result(
    tmp_path, monkeypatch
):
    planned, statuses, materialized, batches = planned_run(tmp_path, monkeypatch, False)
    planned_alone, statuses_alone, materialized_alone, _ = planned_run(tmp_path, monkeypatch, True)

    assert planned == planned_alone and len(planned) == 3  # two assets, one check
    assert statuses == statuses_alone and [s.value for s in statuses] == ["SUCCEEDED"]
    assert materialized == materialized_alone == {"planned_first": True, "planned_second": True}
    # the batch of three planned events opened the run's and the index database once each
    assert batches == [2]


def test_events_stored_one_at_a_time_reuse_open_connections_and_known_tables(tmp_path, monkeypatch):
    from dagster._core.storage.event_log import SqliteEventLogStorage

    import orchestration.instance as instance_module

    connections: list[object] = []
    pragma = instance_module._no_fsync

    def counting_pragma(dbapi_connection, record):  # type: ignore[no-untyped-def]
        connections.append(dbapi_connection)
        pragma(dbapi_connection, record)

    asked: list[str] = []
    dagsters_has_table = SqliteEventLogStorage.has_table

    def counting_has_table(self, table_name):  # type: ignore[no-untyped-def]
        asked.append(table_name)
        return dagsters_has_table(self, table_name)

    monkeypatch.setattr(instance_module, "_no_fsync", counting_pragma)
    monkeypatch.setattr(SqliteEventLogStorage, "has_table", counting_has_table)

    keys, materialized, opened = ranged_run(tmp_path, monkeypatch, "0")

    assert materialized == set(keys)
    # 30 materialisations stored one by one, each in the run's database and the index (and
    # the run's other events): every write opened a connection before, now the open ones are
    # reused
    assert opened >= 2 * len(keys)
    assert len(connections) <= 4
    # the tags table was asked about once, not once per materialisation
    assert asked.count("asset_event_tags") <= 1
