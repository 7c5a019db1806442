"""Ingestion: landing-zone files into the ``raw`` schema of the DuckDB warehouse.

Plain Python over DuckDB's native readers, no orchestration imports: the Dagster assets
and the command line call ``load_landing`` / ``load_entity``.
"""

from ingestion.landing import LandingError, discover
from ingestion.load import (
    AccountingError,
    IngestionError,
    LoadResult,
    load_entity,
    load_landing,
    new_load_id,
)
from ingestion.schema import ensure_raw_schema

__all__ = [
    "AccountingError",
    "IngestionError",
    "LandingError",
    "LoadResult",
    "discover",
    "ensure_raw_schema",
    "load_entity",
    "load_landing",
    "new_load_id",
]
