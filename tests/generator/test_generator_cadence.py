"""The generator delivers each entity at the cadence its declaration states (``cadence_days``)."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

import pytest

from ingestion.entities import ENTITIES


@pytest.mark.parametrize("entity", ENTITIES, ids=lambda e: e.qualified)
def test_deliveries_follow_the_declared_cadence(demo, entity):
    _, manifest = demo
    days: dict[str, set[date]] = defaultdict(set)
    for rel in manifest["files"]:
        system, name, extract_date = rel.split("/")[:3]
        days[f"{system}/{name}"].add(date.fromisoformat(extract_date))
    delivered = sorted(days[entity.qualified])

    gaps = [(b - a).days for a, b in zip(delivered, delivered[1:], strict=False)]

    # Sparse deltas skip days without rows, and the last snapshot falls on the last day
    # whatever the cadence: the usual gap is the cadence, and no earlier one is shorter.
    assert Counter(gaps).most_common(1)[0][0] == entity.cadence_days
    assert min(gaps[:-1]) >= entity.cadence_days
