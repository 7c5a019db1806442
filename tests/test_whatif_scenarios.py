"""Scenario files: the shipped ones load; a file with an unknown key, segment or lever, or
without any lever, is refused with a message that names it."""

from __future__ import annotations

import json

import pytest

from decisions.whatif import ScenarioError, available, dbt_vars, load_scenario, parse_scenario


def test_shipped_scenarios_load() -> None:
    names = available()

    scenarios = [load_scenario(name) for name in names]

    assert {"bargain_basement_weekly", "min_order_value"} <= set(names)
    assert {s.customer_segment for s in scenarios} >= {"bargain_basement", "passive"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"customer_segment": "passive", "min_order_value": 250}, "unknown keys"),
        ({"customer_segment": "gold", "consolidation_window": "week"}, "customer_segment"),
        ({"customer_segment": "passive", "consolidation_window": "day"}, "consolidation_window"),
        ({"customer_segment": "passive", "min_order_value_rc": "250"}, "number"),
        ({"customer_segment": "passive", "min_order_value_rc": 0}, "greater than 0"),
        ({"customer_segment": "passive"}, "no lever"),
        (["passive"], "mapping"),
    ],
)
def test_bad_scenario_is_refused(data: object, message: str) -> None:
    with pytest.raises(ScenarioError, match=message):
        parse_scenario("bad", data)


def test_unknown_scenario_names_the_shipped_ones() -> None:
    with pytest.raises(ScenarioError, match="bargain_basement_weekly"):
        load_scenario("no_such_scenario")


def test_quote_in_a_name_is_refused_before_it_reaches_sql() -> None:
    with pytest.raises(ScenarioError, match="lower-case"):
        parse_scenario("x'; drop table y", {"customer_segment": "passive", "min_order_value_rc": 1})


def test_vars_carry_every_lever() -> None:
    scenario = parse_scenario("s", {"customer_segment": "passive", "min_order_value_rc": 250})

    (var,) = json.loads(dbt_vars([scenario]))["whatif_scenarios"]

    assert var["min_order_value_rc"] == 250.0 and var["consolidation_window"] is None
