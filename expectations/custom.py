"""The building blocks suites share: severities, and query-based expectations with tolerance.

GX's own ``UnexpectedRowsExpectation`` runs a SQL query in the database and fails on any
row it returns, but it has no ``mostly`` (the spec tolerates some orphans, e.g. facts on an
unknown member) and returns no sample at the default result format. The subclass here adds
both: the share of unexpected rows is taken against the batch's row count, and a handful of
the offending rows travel with the result for reports and Dagster. Its metric
``unexpected_rows_query.count_and_sample`` fetches rows only when the count found some: GX's
base class runs the query twice, to count and to fetch up to 200 rows, and where no row is
unexpected, as in most checks, both passes read the whole table.

Severity uses GX's own field: ``critical`` is what chainseg calls *error* (blocks), and
``warning`` is reported without blocking.
"""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any, ClassVar, cast

from great_expectations.compatibility.sqlalchemy import sqlalchemy as sa
from great_expectations.compatibility.typing_extensions import override
from great_expectations.core.metric_domain_types import MetricDomainTypes
from great_expectations.execution_engine import ExecutionEngine, SqlAlchemyExecutionEngine
from great_expectations.expectations import UnexpectedRowsExpectation
from great_expectations.expectations.metadata_types import FailureSeverity
from great_expectations.expectations.metrics.metric_provider import metric_value
from great_expectations.expectations.metrics.query_metric_provider import (
    QueryMetricProvider,
    render_derived_table_alias,
)
from great_expectations.expectations.model_field_types import MostlyField

ERROR = FailureSeverity.CRITICAL
WARNING = FailureSeverity.WARNING

#: How many offending rows a result carries (reports, JUnit, Dagster metadata).
SAMPLE_ROWS = 5


class UnexpectedRowsQueryCountAndSample(QueryMetricProvider):
    """How many rows ``unexpected_rows_query`` returns and, only when there are any, the first
    ``SAMPLE_ROWS`` of them (a second query that stops once it has them)."""

    metric_name = "unexpected_rows_query.count_and_sample"
    value_keys = ("unexpected_rows_query",)
    query_param_name: ClassVar[str] = "unexpected_rows_query"

    @metric_value(engine=SqlAlchemyExecutionEngine)
    def _sqlalchemy(
        cls,
        execution_engine: SqlAlchemyExecutionEngine,
        metric_domain_kwargs: dict,
        metric_value_kwargs: dict,
        metrics: dict[str, Any],
        runtime_configuration: dict,
    ) -> dict[str, Any]:
        batch_selectable, _, _ = execution_engine.get_compute_domain(
            metric_domain_kwargs, domain_type=MetricDomainTypes.TABLE
        )
        query = cls._get_substituted_batch_subquery_from_query_and_batch_selectable(
            query=cls._get_query_from_metric_value_kwargs(metric_value_kwargs),
            batch_selectable=batch_selectable,
            execution_engine=execution_engine,
        )
        unexpected = render_derived_table_alias(
            query, "unexpected_rows", execution_engine.dialect_name
        )
        # the count reads only the columns the query's conditions need
        count = execution_engine.execute_query(
            sa.text(f"select count(*) from {unexpected}")
        ).scalar()
        if not count:
            return {"count": 0, "rows": []}
        sample = execution_engine.execute_query(
            sa.text(f"select * from {unexpected} limit {SAMPLE_ROWS}")
        ).fetchall()
        return {"count": int(count), "rows": [dict(row._mapping) for row in sample]}


class ExpectQueryUnexpectedRowsToBeRare(UnexpectedRowsExpectation):
    """Fail when the rows ``unexpected_rows_query`` returns exceed ``1 - mostly`` of the batch.

    With ``mostly=1`` (the default) any returned row fails, as with GX's base class.
    """

    mostly: MostlyField = 1
    metric_dependencies: ClassVar[tuple[str, ...]] = (
        UnexpectedRowsQueryCountAndSample.metric_name,
        "table.row_count",
    )
    success_keys: ClassVar[tuple[str, ...]] = ("unexpected_rows_query", "mostly")

    @override
    def _validate(
        self,
        metrics: dict,
        runtime_configuration: dict | None = None,
        execution_engine: ExecutionEngine | None = None,
    ) -> dict[str, Any]:
        unexpected = metrics[UnexpectedRowsQueryCountAndSample.metric_name]
        unexpected_count = unexpected["count"]
        element_count = int(metrics["table.row_count"])
        unexpected_share = unexpected_count / element_count if element_count else 0.0
        mostly = cast(float, self.mostly)  # GX types the field loosely (float | dict)
        tolerated = 1.0 - mostly
        success = unexpected_count == 0 or (mostly < 1 and unexpected_share <= tolerated)
        return {
            "success": success,
            "result": {
                "observed_value": unexpected_count,
                "element_count": element_count,
                "unexpected_count": unexpected_count,
                # A query over another table can return more rows than the batch has; GX
                # rejects a percentage above 100 as an invalid result, so leave it out.
                "unexpected_percent": 100.0 * unexpected_share if unexpected_share <= 1 else None,
                "partial_unexpected_rows": [plain_row(r) for r in unexpected["rows"]],
            },
        }


def plain_row(row: Any) -> dict[str, Any]:
    """A result row as JSON-ready values (dates as ISO text, decimals as floats)."""
    mapping = dict(row._mapping) if hasattr(row, "_mapping") else dict(row)
    return {str(k): plain_value(v) for k, v in mapping.items()}


def plain_value(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, bytes):
        return value.hex()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def rows_absent(
    query: str, description: str, *, severity: FailureSeverity = ERROR, mostly: float = 1.0
) -> ExpectQueryUnexpectedRowsToBeRare:
    """An expectation that ``query`` returns (almost) no rows.

    ``{batch}`` in ``query`` stands for the validated table; GX substitutes an *aliased*
    subquery, so give it no alias of your own (wrap it: ``(select * from {batch}) as t``).
    """
    return ExpectQueryUnexpectedRowsToBeRare(
        unexpected_rows_query=query, description=description, severity=severity, mostly=mostly
    )


def references(
    column: str | tuple[str, ...],
    parent: str,
    parent_column: str | tuple[str, ...] | None = None,
    *,
    mostly: float = 1.0,
    severity: FailureSeverity = ERROR,
) -> ExpectQueryUnexpectedRowsToBeRare:
    """Referential integrity: non-null ``column`` values (or tuples) exist in ``parent``.

    ``parent`` is a table name the warehouse's search path resolves (dbt model names are
    unique); ``mostly`` is the share of rows that must resolve where the spec tolerates orphans.
    """
    columns = (column,) if isinstance(column, str) else tuple(column)
    targets = (
        columns
        if parent_column is None
        else ((parent_column,) if isinstance(parent_column, str) else tuple(parent_column))
    )
    present = " and ".join(f"child.{c} is not null" for c in columns)
    matches = " and ".join(f"p.{t} = child.{c}" for c, t in zip(columns, targets, strict=True))
    # An anti-join written as a left join: DuckDB plans a correlated `not exists` over the
    # nested batch subquery by first copying every column of every row (the scale-1 year's
    # 5.2 M POS lines against their stores: 0.27-0.56 s to count, 0.02 s so).
    query = (
        f"select child.* from (select * from {{batch}}) as child "
        f"left join {parent} as p on {matches} where {present} and p.{targets[0]} is null"
    )
    tolerance = "" if mostly >= 1 else f" (at least {mostly:.0%})"
    return rows_absent(
        query,
        f"{'/'.join(columns)} references {parent}.{'/'.join(targets)}{tolerance}",
        severity=severity,
        mostly=mostly,
    )


# Thin constructors for the rules every suite states, so a suite reads like the spec. ---------


def not_null(*columns: str, severity: FailureSeverity = ERROR, mostly: float = 1.0) -> list[Any]:
    import great_expectations.expectations as gxe

    return [
        gxe.ExpectColumnValuesToNotBeNull(column=c, severity=severity, mostly=mostly)
        for c in columns
    ]


def one_of(
    column: str, values: list[Any], *, severity: FailureSeverity = ERROR, mostly: float = 1.0
) -> Any:
    import great_expectations.expectations as gxe

    return gxe.ExpectColumnValuesToBeInSet(
        column=column, value_set=list(values), severity=severity, mostly=mostly
    )


def between(
    column: str,
    min_value: float | None = None,
    max_value: float | None = None,
    *,
    strict_min: bool = False,
    severity: FailureSeverity = ERROR,
    mostly: float = 1.0,
) -> Any:
    """Values (nulls aside) within bounds; ``strict_min`` makes the lower bound exclusive."""
    import great_expectations.expectations as gxe

    return gxe.ExpectColumnValuesToBeBetween(
        column=column,
        min_value=min_value,
        max_value=max_value,
        strict_min=strict_min,
        severity=severity,
        mostly=mostly,
    )


def rate(*columns: str, severity: FailureSeverity = ERROR) -> list[Any]:
    """``*_rate`` columns are fractions in [0, 1] (models.md)."""
    return [between(c, 0, 1, severity=severity) for c in columns]


def non_negative(*columns: str, severity: FailureSeverity = ERROR) -> list[Any]:
    return [between(c, 0, None, severity=severity) for c in columns]


def odd_values(condition: str, description: str) -> ExpectQueryUnexpectedRowsToBeRare:
    """A value that looks wrong but that its source system legitimately produces (negative
    stock, a zero price on a free-of-charge item, a zero quantity on a cancelled line): a
    warning that lists the rows where ``condition`` holds, never a reason to stop the run
    (../shared/spec/sources.md, defects). The marts handle such values."""
    return rows_absent(f"select * from {{batch}} where {condition}", description, severity=WARNING)


def normalised_ids(*columns: str, severity: FailureSeverity = ERROR) -> list[Any]:
    """CR08: ids trimmed, upper-cased, all-digit ids without leading zeros (the regular
    expression only sees the ids that start with a zero: 0.18 s -> 0.03 s over the scale-1
    year's 7.6 M IoT readings)."""
    return [
        rows_absent(
            f"select * from {{batch}} where {c} is not null and ({c} <> upper(trim({c})) "
            f"or ({c} like '0%' and regexp_full_match({c}, '0+[0-9]+')))",
            f"{c} is normalised (CR08: trimmed, upper case, no leading zeros)",
            severity=severity,
        )
        for c in columns
    ]


def first_of_month(column: str, *, severity: FailureSeverity = ERROR) -> Any:
    return rows_absent(
        f"select * from {{batch}} where {column} <> date_trunc('month', {column})",
        f"{column} is the first day of its month",
        severity=severity,
    )


def monday(column: str, *, severity: FailureSeverity = ERROR) -> Any:
    return rows_absent(
        f"select * from {{batch}} where isodow({column}) <> 1",
        f"{column} is the Monday of its ISO week",
        severity=severity,
    )


def equals_sum(total: str, parts: list[str], *, severity: FailureSeverity = ERROR) -> Any:
    """``total`` equals the sum of ``parts`` to the cent (nulls count as 0)."""
    addends = " + ".join(f"coalesce({p}, 0)" for p in parts)
    return rows_absent(
        f"select * from {{batch}} where abs(coalesce({total}, 0) - ({addends})) > 0.005",
        f"{total} = {' + '.join(parts)}",
        severity=severity,
    )


#: DuckDB ``data_type`` patterns (SQL ``like``) per kind of column a suite declares.
TYPE_PATTERNS: dict[str, tuple[str, ...]] = {
    "text": ("VARCHAR",),
    "date": ("DATE",),
    "timestamp": ("TIMESTAMP", "TIMESTAMP WITH TIME ZONE", "TIMESTAMP_NS", "TIMESTAMP_MS"),
    "integer": ("BIGINT", "INTEGER", "HUGEINT", "SMALLINT", "TINYINT", "UBIGINT", "UINTEGER"),
    "number": ("DOUBLE", "FLOAT", "REAL", "DECIMAL(%", "BIGINT", "INTEGER", "HUGEINT", "SMALLINT"),
    "boolean": ("BOOLEAN",),
}


def types(dataset: str, *, severity: FailureSeverity = ERROR, **kinds: str) -> Any:
    """Each named column exists with a type of its kind (``text``, ``date``, ``number`` …).

    GX's own type expectations need SQLAlchemy reflection, which ``duckdb-engine`` cannot do
    on DuckDB 2.0; the catalogue answers the same question inside the database.
    """
    expected = ", ".join(
        f"('{column}', '{pattern}')"
        for column, kind in kinds.items()
        for pattern in TYPE_PATTERNS[kind]
    )
    wanted = ", ".join(f"('{column}', '{kind}')" for column, kind in kinds.items())
    query = (
        f"/* types of {{batch}} */ select w.column_name, w.kind, c.data_type "
        f"from (values {wanted}) as w(column_name, kind) "
        f"left join information_schema.columns as c "
        f"on c.table_name = '{dataset}' and c.column_name = w.column_name "
        f"and c.table_catalog not in ('temp', 'chainseg_snapshots') "
        f"where c.data_type is null or not exists ("
        f"select 1 from (values {expected}) as e(column_name, pattern) "
        f"where e.column_name = w.column_name and c.data_type like e.pattern)"
    )
    return rows_absent(
        query, f"column types: {', '.join(f'{c} {k}' for c, k in kinds.items())}", severity=severity
    )
