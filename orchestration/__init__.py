"""Dagster wiring only: ingestion entities, dbt models and quality suites as assets and checks."""
