"""Start and talk to the local Superset of the data home (stdlib + requests only).

Shared by the import (``python -m bi.load``), the integration test (``bi/test_superset.py``), the
screenshots and ``make bi-serve``: Superset runs from its own environment (``.venv-bi/``) with
``bi/superset_config.py``, and keeps everything under ``$CHAINSEG_HOME/bi/``.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import requests

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))
from settings.paths import paths  # noqa: E402  (stdlib-only)

BI_VENV = PROJECT_ROOT / ".venv-bi"
ASSETS = PROJECT_ROOT / "bi" / "superset"
ADMIN = "admin"
#: the database that carries the dashboard, and every role's database name in Superset
DASHBOARD_DATABASE = "chainseg finance"
ROLES = ("finance", "operations", "analyst")


def bi_home() -> Path:
    home = paths().home / "bi"
    home.mkdir(parents=True, exist_ok=True)
    return home


def publication(role: str) -> Path:
    """The role's published DuckDB file (a symlink to the current release)."""
    return paths().publish / role / "marts.duckdb"


def admin_password() -> str:
    """``CHAINSEG_BI_PASSWORD``, or a password generated once into the data home."""
    if os.environ.get("CHAINSEG_BI_PASSWORD"):
        return os.environ["CHAINSEG_BI_PASSWORD"]
    file = bi_home() / "admin_password"
    if not file.exists():
        file.write_text(secrets.token_urlsafe(16), encoding="utf-8")
        file.chmod(0o600)
    return file.read_text(encoding="utf-8").strip()


def superset_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        CHAINSEG_HOME=str(paths().home),
        SUPERSET_CONFIG_PATH=str(PROJECT_ROOT / "bi" / "superset_config.py"),
        SUPERSET_HOME=str(bi_home()),
        FLASK_APP="superset",
        PYTHONPATH=str(PROJECT_ROOT),
    )
    return env


def superset(*args: str) -> None:
    """Run the ``superset`` command line of the BI environment; a failure stops the caller."""
    subprocess.run([str(BI_VENV / "bin" / "superset"), *args], env=superset_env(), check=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running(port: int | None = None, timeout: float = 180.0) -> Iterator[str]:
    """Superset under gunicorn on localhost; yields its base URL and stops it on exit."""
    port = port or free_port()
    log = (bi_home() / "server.log").open("ab")
    proc = subprocess.Popen(
        [
            str(BI_VENV / "bin" / "gunicorn"),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--threads",
            "8",
            "--timeout",
            "120",
            "superset.app:create_app()",
        ],
        env=superset_env(),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"Superset exited with {proc.returncode}; see {log.name}")
            try:
                if requests.get(f"{url}/health", timeout=5).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"Superset did not answer on {url} in {timeout:.0f}s")
            time.sleep(1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


class Client:
    """A logged-in REST client (JWT bearer plus the CSRF token the write endpoints need)."""

    def __init__(self, url: str, user: str = ADMIN, password: str | None = None) -> None:
        self.url = url
        self.session = requests.Session()
        answer = self.session.post(
            f"{url}/api/v1/security/login",
            json={
                "username": user,
                "password": password or admin_password(),
                "provider": "db",
                "refresh": True,
            },
            timeout=30,
        )
        answer.raise_for_status()
        self.session.headers["Authorization"] = f"Bearer {answer.json()['access_token']}"
        csrf = self.session.get(f"{url}/api/v1/security/csrf_token/", timeout=30)
        csrf.raise_for_status()
        self.session.headers["X-CSRFToken"] = csrf.json()["result"]
        self.session.headers["Referer"] = url

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", 120)
        return self.session.request(method, f"{self.url}{path}", **kwargs)

    def get(self, path: str, **kwargs: Any) -> Any:
        answer = self.request("GET", path, **kwargs)
        answer.raise_for_status()
        return answer.json()

    def all(self, resource: str, filters: list[dict[str, Any]] | None = None) -> list[Any]:
        """Every row of a list endpoint (``/api/v1/<resource>/``), page by page."""
        rows: list[Any] = []
        page = 0
        while True:
            query = _rison({"filters": filters or [], "page": page, "page_size": 100})
            result = self.get(f"/api/v1/{resource}/?q={query}")["result"]
            rows += result
            if len(result) < 100:
                return rows
            page += 1


def _rison(value: Any) -> str:
    """Encode the small dicts/lists the list endpoints take as ``q`` (Rison, no dependency)."""
    if isinstance(value, dict):
        return "(" + ",".join(f"{k}:{_rison(v)}" for k, v in value.items()) + ")"
    if isinstance(value, list | tuple):
        return "!(" + ",".join(_rison(v) for v in value) + ")"
    if isinstance(value, bool):
        return "!t" if value else "!f"
    if isinstance(value, int | float):
        return str(value)
    text = str(value).replace("!", "!!").replace("'", "!'")
    return f"'{text}'"
