"""Superset configuration for chainseg's BI client (read by Superset through SUPERSET_CONFIG_PATH).

Everything Superset keeps lives under the data home: its metadata database, its secret key and
its uploads at ``$CHAINSEG_HOME/bi/``. The secret key comes from ``SUPERSET_SECRET_KEY`` or is
generated once into the data home. No example data is loaded; file uploads and DML are off for
every database (the databases themselves are imported from ``bi/superset/``, read-only).
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from settings.paths import paths  # stdlib-only: resolves the data home

BI_HOME = paths().home / "bi"
BI_HOME.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    if os.environ.get("SUPERSET_SECRET_KEY"):
        return os.environ["SUPERSET_SECRET_KEY"]
    key_file = BI_HOME / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(48), encoding="utf-8")
        key_file.chmod(0o600)
    return key_file.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
DATA_DIR = str(BI_HOME)
SQLALCHEMY_DATABASE_URI = f"sqlite:///{BI_HOME / 'superset.db'}?check_same_thread=false"
UPLOAD_FOLDER = str(BI_HOME / "uploads")

# Local, single-user: no HTTPS redirect headers, a memory-backed rate limiter, no telemetry.
TALISMAN_ENABLED = False
RATELIMIT_STORAGE_URI = "memory://"
SCHEDULED_QUERIES: dict[str, object] = {}
CSV_EXTENSIONS: set[str] = set()
EXCEL_EXTENSIONS: set[str] = set()
COLUMNAR_EXTENSIONS: set[str] = set()
ALLOWED_EXTENSIONS: set[str] = set()

FEATURE_FLAGS = {
    "DASHBOARD_NATIVE_FILTERS": True,
    "DRILL_BY": True,
    "DRILL_TO_DETAIL": True,
    "ENABLE_TEMPLATE_PROCESSING": False,
    "ALERT_REPORTS": False,
}

# The read-only DuckDB publications are local files: allow them, still refuse SQLite.
PREVENT_UNSAFE_DB_CONNECTIONS = True
