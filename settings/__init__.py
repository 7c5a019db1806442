"""Settings every layer may import: where the data lives, the single-writer lock, how dbt is
started, and the few seed values Python itself needs.

Dagster-free and layer-free by rule (tests/test_import_graph.py): ``ingestion``,
``expectations``, ``orchestration`` and the command line all import this package, and it imports
none of them.
"""
