"""Per-concern Dagster definitions: ingestion, dbt, quality; merged by orchestration.definitions."""
