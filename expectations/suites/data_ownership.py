"""data_ownership: every source and mart registered, fresh, its columns' sensitivity tagged.

The registry seed is the one declaration of owners; the column tags (``meta.sensitivity`` in
the marts' YAML) are the one declaration of which columns are confidential. The suite checks
the warehouse against both: each mart column built carries a valid tag, and a mart with a
confidential column is registered confidential.
"""

from __future__ import annotations

import great_expectations as gx

from expectations.custom import (
    WARNING,
    ExpectQueryUnexpectedRowsToBeRare,
    between,
    one_of,
    rows_absent,
)
from expectations.ownership import (
    declared_columns,
    mart_models,
    source_datasets,
    values_sql,
)
from ingestion.entities import SENSITIVITIES

NAME = "data_ownership"
REGISTRY = "(select * from {batch}) as r"


def data_ownership() -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name=NAME,
        meta={"key_columns": ["dataset"]},
        expectations=[
            one_of("dataset_type", ["source", "mart", "seed"]),
            one_of("sensitivity", list(SENSITIVITIES)),
            between("update_frequency_days", 1, 366),
            *_registration(),
            _freshness(),
            *_column_sensitivity(),
            # Attribute ownership: where two systems disagree the owner wins; list the rest.
            rows_absent(
                "/* {batch} */ select * from int_attribute_conflicts",
                "attribute conflicts between systems of record (owner wins; listed)",
                severity=WARNING,
            ),
        ],
    )


def _registration() -> list:
    sources = values_sql([(d, "source") for d in source_datasets()], ("dataset", "dataset_type"))
    marts = values_sql([(m, "mart") for m in mart_models()], ("dataset", "dataset_type"))
    return [
        rows_absent(
            f"select t.* from {sources} where not exists (select 1 from {REGISTRY} "
            "where r.dataset = t.dataset and r.dataset_type = 'source')",
            "every source entity is registered",
        ),
        rows_absent(
            f"with expected as (select dataset from {marts} union "
            "select table_name from information_schema.tables "
            "where table_schema = 'marts' and table_name like 'mart\\_%' escape '\\') "
            f"select * from expected where not exists (select 1 from {REGISTRY} "
            "where r.dataset = expected.dataset and r.dataset_type = 'mart')",
            "every mart (of the dbt project and in the warehouse) is registered",
        ),
    ]


def _freshness() -> ExpectQueryUnexpectedRowsToBeRare:
    # Freshness is judged at the run's as-of date (the latest extract landed, or the override),
    # not the wall clock: a rerun of history must not turn stale. A late source is reported,
    # not blocking: the marts are still right for the data that did arrive (and the demo's
    # sparse sources, e.g. no PO lines in its last days, are late by design).
    return rows_absent(
        f"with registry as (select * from {REGISTRY} where r.dataset_type = 'source'), "
        "ledger as (select entity, max(extract_date) as last_extract_date "
        "from raw._file_ledger group by entity), "
        "as_of as (select max(as_of_date) as as_of_date from int_as_of) "
        "select registry.dataset, registry.update_frequency_days, ledger.last_extract_date, "
        "as_of.as_of_date from registry cross join as_of "
        "left join ledger on ledger.entity = registry.dataset "
        "where ledger.last_extract_date is null or date_diff('day', "
        "ledger.last_extract_date, as_of.as_of_date) > registry.update_frequency_days",
        "every source is fresh within its update frequency (at the as-of date)",
        severity=WARNING,
    )


def _column_sensitivity() -> list:
    declared = values_sql(
        [(c.model, c.column, c.sensitivity) for c in declared_columns()],
        ("model", "column_name", "sensitivity"),
    )
    classes = ", ".join(f"'{s}'" for s in SENSITIVITIES)
    mart_columns = (
        "select table_name as model, column_name from information_schema.columns "
        "where table_schema = 'marts' and table_name like 'mart\\_%' escape '\\'"
    )
    return [
        rows_absent(
            f"/* {{batch}} */ with columns as ({mart_columns}) select columns.* from columns "
            f"left join {declared} on t.model = columns.model "
            "and t.column_name = columns.column_name "
            f"where t.sensitivity is null or t.sensitivity not in ({classes})",
            "every mart column declares its sensitivity class (dbt meta.sensitivity)",
        ),
        rows_absent(
            f"select r.dataset, r.sensitivity from {REGISTRY} where r.dataset_type = 'mart' "
            "and r.sensitivity <> 'confidential' and exists (select 1 from "
            f"{declared} where t.model = r.dataset and t.sensitivity = 'confidential')",
            "a mart with a confidential column is registered as confidential",
        ),
    ]
