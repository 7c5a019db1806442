"""mart_sourcing_actions: every action has an owner, a due date after the as-of date, and
the finding that justifies it."""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import WARNING, non_negative, one_of, rows_absent

NAME = "mart_sourcing_actions"


def mart_sourcing_actions() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={"key_columns": ["action_id"]},
        expectations=[
            one_of(
                "action_type",
                ["single_source_contingency", "contract_length", "supplier_changeover"],
            ),
            rows_absent(
                "select * from {batch} where coalesce(trim(owner_team), '') = '' "
                "or coalesce(trim(owner_steward), '') = ''",
                "every action has an owner from the ownership registry",
            ),
            rows_absent(
                "select * from {batch} where due_date < as_of_date",
                "an action is due on or after the as-of date",
            ),
            rows_absent(
                "select * from {batch} where action_type = 'single_source_contingency' and not "
                "(supplier_segment in ('strategic', 'bottleneck') "
                "and weeks_of_cover < required_cover_weeks)",
                "a contingency action is a strategic or bottleneck material short of cover",
            ),
            rows_absent(
                "select * from {batch} where action_type = 'contract_length' and not "
                "(contract_months < policy_min_months or contract_months > policy_max_months)",
                "a contract-length action is a contract outside its volatility policy",
            ),
            rows_absent(
                "select * from {batch} where action_type = 'single_source_contingency' "
                "and (recommendation = 'activate_qualified_alternate') "
                "<> (alternate_supplier_id is not null)",
                "an alternate is activated exactly when one is qualified",
            ),
            *non_negative("cost_premium_estimate", "required_cover_weeks"),
            # negative stock is legitimate in the ERP (goods issued before the receipt is
            # posted): its cover is negative too, a warning, never a reason to stop the run
            *non_negative("weeks_of_cover", severity=WARNING),
        ],
    )
