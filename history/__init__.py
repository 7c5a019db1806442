"""The segment history's backfill: plain Python over DuckDB and dbt (no Dagster)."""
