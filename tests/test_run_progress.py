"""What the progress thread of `chainseg run` reads from the run's event log."""

from __future__ import annotations

import io
from types import SimpleNamespace

from dagster import DagsterEventType

from chainseg.run import _Progress


class _EventLog:
    """An instance whose run has no event yet; remembers the event types asked for."""

    def __init__(self) -> None:
        self.asked: list[set] = []

    def get_records_for_run(self, run_id, cursor=None, of_type=None):
        self.asked.append(set(of_type))
        return SimpleNamespace(records=[], cursor=cursor, has_more=False)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _asked(out: io.StringIO) -> set:
    instance = _EventLog()
    progress = _Progress(instance, "run-id", "transform")
    progress.out = out
    progress.done.set()
    progress.run()
    return set().union(*instance.asked)


def test_materialisations_are_read_only_for_a_terminal_that_shows_their_count():
    # each mart's materialisation carries its preview and pictures: reading and deserialising
    # ~280 of them a demo run for a count nobody sees costs the run's own steps ~0.5 s
    assert DagsterEventType.ASSET_MATERIALIZATION not in _asked(io.StringIO())
    assert DagsterEventType.ASSET_MATERIALIZATION in _asked(_Terminal())


def test_steps_and_checks_are_always_read():
    for out in (io.StringIO(), _Terminal()):
        assert {
            DagsterEventType.STEP_START,
            DagsterEventType.STEP_SUCCESS,
            DagsterEventType.STEP_FAILURE,
            DagsterEventType.ASSET_CHECK_EVALUATION,
        } <= _asked(out)
