"""The mart_segment_overrides suite blocks on an override without an owner or a reason.

A planner's override changes the segment that drives a policy: nobody may do it anonymously or
without saying why. The suite runs on a small warehouse holding the mart's table.
"""

from __future__ import annotations

from expectations.registry import suite_specs
from expectations.runner import run_suites
from expectations.suites.mart_segment_overrides import OWNER_AND_REASON

OVERRIDES_TABLE_SQL = """
create schema marts;
create table marts.mart_segment_overrides (
    entity_type varchar, entity_id varchar, valid_from date, valid_to date, segment varchar,
    reason varchar, owner varchar, as_of_date date, override_status varchar,
    is_complete boolean, is_known_entity boolean, is_applied boolean,
    computed_segment varchar, official_segment varchar
);
insert into marts.mart_segment_overrides values
    ('product', 'P1', '2025-06-01', '2025-12-31', 'AX', 'launch', 'planner@x', '2025-06-30',
     'valid', true, true, true, 'BX', 'AX');
"""

MISSING_OWNER_SQL = """
insert into marts.mart_segment_overrides values
    ('product', 'P2', '2025-06-01', null, 'AX', 'promotion', null, '2025-06-30',
     'valid', false, true, false, 'BX', 'BX'),
    ('product', 'P3', '2025-06-01', null, 'AX', '   ', 'planner@x', '2025-06-30',
     'valid', false, true, false, 'BX', 'BX');
"""


def _owner_and_reason(outcome):
    return next(o for o in outcome.outcomes if o.name == OWNER_AND_REASON)


def test_overrides_with_owner_and_reason_pass(warehouse_factory):
    warehouse = warehouse_factory(OVERRIDES_TABLE_SQL)

    [outcome] = run_suites(warehouse, suite_specs(["mart_segment_overrides"]))

    assert outcome.blocking_failures == []
    assert _owner_and_reason(outcome).unexpected_count == 0


def test_an_override_without_owner_or_with_a_blank_reason_fails_the_suite(warehouse_factory):
    warehouse = warehouse_factory(OVERRIDES_TABLE_SQL, MISSING_OWNER_SQL)

    [outcome] = run_suites(warehouse, suite_specs(["mart_segment_overrides"]))

    rule = _owner_and_reason(outcome)
    assert not rule.success and rule.severity == "error"
    assert sorted(row["entity_id"] for row in rule.sample) == ["P2", "P3"]
    assert [o.name for o in outcome.blocking_failures] == [OWNER_AND_REASON]
