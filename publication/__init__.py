"""Role-filtered, atomic publications of the marts for BI tools (plain Python over DuckDB).

``publish(warehouse, publish_dir, run_id=...)`` writes one release for every role of the role
seed and switches the roles to it (``publication.release`` describes the layout,
``publication.roles`` which columns a role sees). No Dagster here: the ``publication`` asset
in ``orchestration/defs/publish.py`` calls it.
"""

from publication.release import (
    DATABASE,
    PARQUET,
    RECORD,
    RELEASES,
    SCHEMA,
    PublicationError,
    Release,
    current_release,
    publish,
    publish_keep,
    release_ids,
    role_links,
)
from publication.roles import column_sensitivity, role_classes, visible_columns

__all__ = [
    "DATABASE",
    "PARQUET",
    "RECORD",
    "RELEASES",
    "SCHEMA",
    "PublicationError",
    "Release",
    "column_sensitivity",
    "current_release",
    "publish",
    "publish_keep",
    "release_ids",
    "role_classes",
    "role_links",
    "visible_columns",
]
