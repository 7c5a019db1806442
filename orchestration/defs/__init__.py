"""Per-concern Dagster definitions (ingestion, dbt, quality, publish), merged by
orchestration.definitions."""
