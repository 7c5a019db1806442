"""mart_segment_overrides: every manual segment override has an owner and a reason.

An override without an owner or a reason is never applied to the official segment, and it
fails this suite: nobody may change the segment that drives a policy anonymously or without
saying why. An expired override is ignored by the official segment and listed here.
"""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import WARNING, one_of, rows_absent

NAME = "mart_segment_overrides"

#: The rule the tests name: an override row with a blank or missing owner or reason.
OWNER_AND_REASON = "every override has an owner and a reason"


def mart_segment_overrides() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={"key_columns": ["entity_type", "entity_id", "valid_from"]},
        expectations=[
            rows_absent(
                "select * from {batch} where coalesce(trim(owner), '') = '' "
                "or coalesce(trim(reason), '') = ''",
                OWNER_AND_REASON,
            ),
            one_of("entity_type", ["product", "supplier", "customer"]),
            one_of("override_status", ["valid", "expired", "not_yet_valid"]),
            rows_absent(
                "select * from {batch} where valid_to < valid_from",
                "an override's validity window does not end before it starts",
            ),
            rows_absent(
                "select * from {batch} where is_applied and not "
                "(is_complete and override_status = 'valid')",
                "only a valid, complete override is applied",
            ),
            rows_absent(
                "select * from {batch} where override_status = 'expired'",
                "expired overrides (ignored by the official segment): renew or remove them",
                severity=WARNING,
            ),
            rows_absent(
                "select * from {batch} where not is_known_entity",
                "overrides of entities missing from the segment history",
                severity=WARNING,
            ),
        ],
    )
