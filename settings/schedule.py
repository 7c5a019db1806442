"""When the daily materialisation runs: ``CHAINSEG_DAILY_CRON`` in ``CHAINSEG_TIMEZONE``."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class DailySchedule:
    cron: str
    timezone: str


def daily_schedule_settings(env: dict[str, str] | None = None) -> DailySchedule:
    env = dict(os.environ if env is None else env)
    return DailySchedule(
        cron=env.get("CHAINSEG_DAILY_CRON") or "0 6 * * *",
        timezone=env.get("CHAINSEG_TIMEZONE") or "Europe/Berlin",
    )
